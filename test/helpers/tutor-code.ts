/**
 * The seed math tutor's code ("the cube of the fourth prime above 413"), with the standard library's
 * `isqrt` in place of sympy's `isprime`, which Pyodide's npm package does not ship.
 */
export const TUTOR_CODE = `from math import isqrt

def isprime(n):
    return n > 1 and all(n % d for d in range(2, isqrt(n) + 1))

count = 0
number = 414
while count < 4:
    if isprime(number):
        count += 1
        if count == 4:
            fourth_prime = number
    number += 1
fourth_prime, fourth_prime ** 3`;
