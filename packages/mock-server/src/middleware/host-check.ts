import { isIP } from 'node:net';
import { ApiError } from '../errors.js';

/**
 * DNS rebinding: a page on any site can point its own name at 127.0.0.1 and so reach a server bound to
 * loopback from the browser. The `Host` header still carries the page's name, so a loopback-bound
 * server answers only requests addressed to a loopback name or address, or to a name it was told to
 * allow (`allowedHosts`, `--allow-host`).
 */
export function hostGuard(allowedHosts: readonly string[]): (host: string | undefined) => ApiError | null {
  const allowed = new Set(allowedHosts.map(normalise));
  return (host) => {
    // HTTP/1.0 without Host cannot have come from a browser page.
    if (host === undefined) return null;
    const name = hostname(host);
    if (isLoopbackName(name) || allowed.has(name)) return null;
    return new ApiError(403, {
      message: `Host '${host.slice(0, 100)}' is not allowed: this server is bound to a loopback address and answers only requests addressed to localhost, 127.0.0.1 or [::1] (a guard against DNS rebinding). Start it with --allow-host ${name.slice(0, 100)} (or the allowedHosts option) to allow that name.`,
      code: 'host_not_allowed',
    });
  };
}

/** Whether binding to `address` puts the server on loopback only (so the guard applies). */
export const isLoopbackBind = (address: string) => isLoopbackName(normalise(address));

function isLoopbackName(name: string): boolean {
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  if (isIP(name) === 6) return name === '::1' || name === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(name);
  return false;
}

/** `Example.COM.:4141` → `example.com`; `[::1]:80` → `::1`. */
function hostname(host: string): string {
  const bracketed = /^\[([^\]]*)\](?::\d*)?$/.exec(host);
  if (bracketed) return normalise(bracketed[1]!);
  const colon = host.indexOf(':');
  return normalise(colon !== -1 && colon === host.lastIndexOf(':') ? host.slice(0, colon) : host);
}

const normalise = (name: string) => name.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
