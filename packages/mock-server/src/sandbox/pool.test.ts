import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxPool, type SandboxPool } from './pool.js';

// The math tutor's own code from the seed notebook. sympy is not in Pyodide's npm package (it ships the
// standard library only), so the stdlib version defines isprime by trial division up to math.isqrt(n).
const tutorCode = `from sympy import isprime

# 413보다 큰 소수 중 네 번째로 작은 소수를 찾기
count = 0
number = 414  # 413보다 큰 수부터 시작

while count < 4:
    if isprime(number):
        count += 1
        if count == 4:
            fourth_prime = number
    number += 1

# 네 번째로 작은 소수의 세제곱 계산
fourth_prime_cubed = fourth_prime ** 3
fourth_prime, fourth_prime_cubed`;
const stdlibTutorCode = tutorCode.replace(
  'from sympy import isprime',
  'from math import isqrt\n\ndef isprime(n):\n    return n > 1 and all(n % d for d in range(2, isqrt(n) + 1))',
);

function hostPython(): string | null {
  try {
    execFileSync('python3', ['--version']);
    return 'python3';
  } catch {
    return null;
  }
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytes = (value: string) => new TextEncoder().encode(value);

let pool: SandboxPool;
beforeAll(() => {
  // One pool for the file: every thread key below is one interpreter started (~2 s of CPU each).
  pool = createSandboxPool({ timeoutMs: 3_000, killGraceMs: 5_000, memoryBytes: 128 * 1024 * 1024, maxLogChars: 10_000 });
});
afterAll(() => pool.close());

describe('running Python', { timeout: 60_000 }, () => {
  it("runs the seed math tutor's code (stdlib isprime) and shows the final expression as Python would", async () => {
    const result = await pool.run('tutor', stdlibTutorCode);
    expect(result).toEqual({ logs: '(433, 81182737)\n', files: [], error: null });
    const python = hostPython();
    if (python) {
      // CPython on this machine, printing the repr of the same final expression.
      const lines = stdlibTutorCode.split('\n');
      const script = [...lines.slice(0, -1), `print(repr((${lines.at(-1)})))`].join('\n');
      expect(result.logs).toBe(execFileSync(python, ['-c', script], { encoding: 'utf8' }));
    }
  });

  it('answers an import of a package it does not ship with a plain ModuleNotFoundError in the logs', async () => {
    const result = await pool.run('tutor', tutorCode);
    expect(result.logs).toBe(
      'Traceback (most recent call last):\n' +
        '  File "<cell 2>", line 1, in <module>\n' +
        '    from sympy import isprime\n' +
        "ModuleNotFoundError: No module named 'sympy'\n",
    );
    expect(result.error).toEqual({ type: 'exception', name: 'ModuleNotFoundError', stateReset: false });
  });

  it('interleaves stdout and stderr, then the traceback of an exception', async () => {
    const code = 'import sys\nprint("one")\nprint("two", file=sys.stderr)\ndef half(n):\n    return n / 0\nhalf(3)';
    const result = await pool.run('tutor', code);
    expect(result.logs).toBe(
      'one\ntwo\nTraceback (most recent call last):\n' +
        '  File "<cell 3>", line 6, in <module>\n    half(3)\n    ~~~~^^^\n' +
        '  File "<cell 3>", line 5, in half\n    return n / 0\n           ~~^~~\n' +
        'ZeroDivisionError: division by zero\n',
    );
  });

  it("reads an empty standard input, never the server's", async () => {
    const result = await pool.run('tutor', 'input("name? ")');
    expect(result.logs).toMatch(/^name\? Traceback \(most recent call last\):\n[\s\S]*\nEOFError: EOF when reading a line\n$/);
  });

  it('cuts the logs at the output limit and says how much was dropped', async () => {
    const result = await pool.run('tutor', 'print("x" * 15_000)');
    expect(result.logs).toBe(`${'x'.repeat(10_000)}\n[output truncated: 5001 more characters]`);
  });
});

describe('thread state', { timeout: 60_000 }, () => {
  it('keeps variables across calls on one thread, and not across threads', async () => {
    expect((await pool.run('state-a', 'total = 40')).logs).toBe('');
    expect((await pool.run('state-a', 'total += 2\ntotal')).logs).toBe('42\n');
    const other = await pool.run('state-b', 'total');
    expect(other.logs).toMatch(/NameError: name 'total' is not defined\n$/);
    expect((await pool.run('state-a', 'total')).logs).toBe('42\n');
  });
});

describe('limits', { timeout: 60_000 }, () => {
  it('interrupts an infinite loop at the time limit while the event loop stays responsive, and keeps the state', async () => {
    await pool.run('limits', 'kept = "still here"');
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const result = await pool.run('limits', 'while True:\n    pass');
    delay.disable();
    expect(result.error).toEqual({ type: 'timeout', name: 'KeyboardInterrupt', stateReset: false });
    expect(result.logs).toMatch(/^Traceback \(most recent call last\):\n {2}File "<cell 2>", line 2, in <module>\n[\s\S]*KeyboardInterrupt\n$/);
    // The loop ran for the whole 3 s time limit on another thread; this one kept serving its timers (on
    // this thread the loop would have delayed them by 3 s; the bound leaves room for a busy CI machine).
    expect(delay.max / 1e6).toBeLessThan(1_000);
    expect((await pool.run('limits', 'kept')).logs).toBe("'still here'\n");
  });

  it('ends a thread stuck in one C call past the limit, and that thread starts again empty', async () => {
    await pool.run('stuck', 'before = 1');
    // sum() over a range is one C loop that never reaches the interpreter's interrupt check.
    const result = await pool.run('stuck', 'sum(range(10**15))');
    expect(result).toEqual({
      logs: 'Execution stopped after the 3 s time limit; the Python state of this thread was reset.',
      files: [],
      error: { type: 'timeout', name: null, stateReset: true },
    });
    expect((await pool.run('stuck', 'before')).logs).toMatch(/NameError: name 'before' is not defined\n$/);
  });

  it('answers MemoryError past the memory limit, and the thread carries on', async () => {
    const result = await pool.run('limits', 'blob = bytearray(200 * 1024 * 1024)');
    expect(result.logs).toMatch(/\nMemoryError\n$/);
    expect((await pool.run('limits', 'len(bytearray(10 * 1024 * 1024))')).logs).toBe('10485760\n');
  });
});

describe('isolation from the host', { timeout: 60_000 }, () => {
  it('has no host file system: /etc/passwd does not exist, only the in-memory tree does', async () => {
    const result = await pool.run('host', 'open("/etc/passwd").read()');
    expect(result.logs).toMatch(/FileNotFoundError: \[Errno 44\] No such file or directory: '\/etc\/passwd'\n$/);
    const listing = await pool.run('host', 'import os\nsorted(os.listdir("/"))');
    expect(listing.logs).toBe("['dev', 'home', 'lib', 'mnt', 'proc', 'tmp']\n");
  });

  it('opens no socket, even to a server listening on this machine', async () => {
    let connections = 0;
    const server = createServer((socket) => {
      connections += 1;
      socket.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const code = `import socket\nsocket.create_connection(("127.0.0.1", ${port}), timeout=1)`;
    const result = await pool.run('host', code);
    const viaHttp = await pool.run('host', `import urllib.request\nurllib.request.urlopen("http://127.0.0.1:${port}/")`);
    await new Promise((resolve) => server.close(resolve));
    expect(result.logs).toMatch(/OSError: \[Errno 23\] Host is unreachable\n$/);
    expect(viaHttp.logs).toMatch(/urllib\.error\.URLError: <urlopen error \[Errno 23\] Host is unreachable>\n$/);
    expect(connections).toBe(0);
  });

  it('starts no process', async () => {
    const result = await pool.run('host', 'import subprocess\nsubprocess.run(["cat", "/etc/passwd"])');
    expect(result.logs).toMatch(/OSError: \[Errno 138\] emscripten does not support processes\.\n$/);
    expect((await pool.run('host', 'import os\nos.system("ls")')).logs).toMatch(/OSError: \[Errno 138\] emscripten does not support processes\.\n$/);
  });

  it("closes Pyodide's bridge to JavaScript and sees none of the server's environment", async () => {
    for (const module of ['js', 'pyodide_js', 'pyodide.code', 'micropip']) {
      const result = await pool.run('host', `import ${module}`);
      const top = module.split('.')[0];
      expect(result.logs).toMatch(new RegExp(`^Traceback .*\n  File "<cell \\d+>", line 1, in <module>\n    import ${module}\nModuleNotFoundError: No module named '${top}'\n$`));
    }
    const environment = await pool.run('host', 'import os\nsorted(os.environ)');
    expect(environment.logs).toBe("['HOME', 'LANG', 'LD_LIBRARY_PATH', 'LOGNAME', 'PATH', 'PWD', 'PYTHONINSPECT', 'USER']\n");
  });

  it('finds nothing of the host even from JavaScript reached through ctypes, and that thread starts again', async () => {
    await pool.run('escape', 'before = 1');
    // Emscripten's emscripten_run_script() evaluates JavaScript inside Pyodide's own module scope, where
    // its `fs` and `require` live: both are emptied in the sandbox's threads.
    for (const js of ['fs.readFileSync("/etc/passwd", "utf8")', 'require("node:child_process").execSync("id")']) {
      const code = `import ctypes\nctypes.CDLL(None).emscripten_run_script_string(${JSON.stringify(js)}.encode())`;
      const result = await pool.run('escape', code);
      expect(result.logs).toBe('The Python interpreter broke (not available in the sandbox); this thread starts again from a fresh one.');
      expect(result.error).toEqual({ type: 'crash', name: null, stateReset: true });
    }
    expect((await pool.run('escape', 'before')).logs).toMatch(/NameError: name 'before' is not defined\n$/);
  });
});

describe('files under /mnt/data', { timeout: 60_000 }, () => {
  it('reads a CSV given as an input file', async () => {
    const csv = bytes('name,score\n민준,90\n서연,85\n지호,70\n');
    const code = 'import csv\nwith open("/mnt/data/scores.csv", encoding="utf-8") as f:\n    rows = list(csv.DictReader(f))\nsum(int(r["score"]) for r in rows) / len(rows), rows[0]["name"]';
    const result = await pool.run('files', code, [{ name: 'scores.csv', bytes: csv }]);
    expect(result).toEqual({ logs: "(81.66666666666667, '민준')\n", files: [], error: null });
  });

  it('returns the files a call writes or changes there, and not the ones it only read', async () => {
    const code = [
      'import json, os',
      'os.makedirs("/mnt/data/report", exist_ok=True)',
      'with open("/mnt/data/report/summary.json", "w") as f:',
      '    json.dump({"rows": len(rows)}, f)',
      'open("/mnt/data/scores.csv", "a", encoding="utf-8").write("하준,100\\n")',
      'open("/tmp/elsewhere.txt", "w").write("not returned")',
    ].join('\n');
    const result = await pool.run('files', code);
    expect(result.error).toBeNull();
    const files = Object.fromEntries(result.files.map((file) => [file.name, text(file.bytes)]));
    expect(files).toEqual({
      'report/summary.json': '{"rows": 3}',
      'scores.csv': 'name,score\n민준,90\n서연,85\n지호,70\n하준,100\n',
    });
  });

  it("keeps the thread's own copy of an input file it changed, and rejects names outside /mnt/data", async () => {
    const again = await pool.run('files', 'open("/mnt/data/scores.csv", encoding="utf-8").read().count("\\n")', [
      { name: 'scores.csv', bytes: bytes('name,score\n') },
    ]);
    expect(again.logs).toBe('5\n');
    await expect(pool.run('files', 'pass', [{ name: '../etc/passwd', bytes: bytes('x') }])).rejects.toThrow("Not a file name under /mnt/data/: '../etc/passwd'.");
  });
});
