import net from 'node:net';

/** Where a socket was asked to connect, from any of the argument forms net.Socket#connect accepts. */
export function connectTarget(args: unknown[]): { host?: string; port?: number; path?: string } | undefined {
  // Node's own callers pass the normalised form: [[options, callback]].
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (first && typeof first === 'object') {
    const o = first as { host?: unknown; port?: unknown; path?: unknown };
    if (typeof o.path === 'string' && o.path) return { path: o.path };
    return { host: typeof o.host === 'string' ? o.host : undefined, port: Number(o.port) };
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first)))
    return { port: Number(first), host: typeof args[1] === 'string' ? args[1] : undefined };
  if (typeof first === 'string') return { path: first };
  return undefined;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\]|::ffff:127(\.\d{1,3}){3})$/i;

/**
 * Refuses, inside this process, every TCP connection that is not to this machine: the socket is destroyed
 * before it connects (or looks a name up), and the attempt is recorded. Anything it can't read is refused too.
 * For tests of code that may try the network on its own (an SDK probing a cloud metadata address).
 */
export function loopbackOnly(): { attempts: string[]; restore(): void } {
  const attempts: string[] = [];
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the socket as `this`, below
  const original = net.Socket.prototype.connect;
  const guarded = function (this: net.Socket, ...args: any[]) {
    const target = connectTarget(args);
    if (target?.path) return original.apply(this, args as never);
    const host = target ? (target.host ?? 'localhost') : undefined;
    if (host !== undefined && LOOPBACK.test(host)) return original.apply(this, args as never);
    attempts.push(`${host ?? 'unreadable'}:${target?.port ?? '?'}`);
    process.nextTick(() => this.destroy(new Error(`connection to ${host ?? 'an unreadable target'} refused by the test`)));
    return this;
  };
  net.Socket.prototype.connect = guarded as typeof original;
  return {
    attempts,
    restore: () => {
      net.Socket.prototype.connect = original;
    },
  };
}
