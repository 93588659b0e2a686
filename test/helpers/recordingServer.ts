/**
 * A MySQL server on 127.0.0.1 that records every byte a client sends it after the greeting, to
 * prove where a password goes. It speaks the protocol far enough for a real client (mysql2) to send
 * its credentials: greeting (mysql_native_password or caching_sha2_password), SSLRequest and TLS,
 * HandshakeResponse, auth switch, caching_sha2 full authentication with an RSA key; then it refuses
 * the login (ERR 1045). Only for what no real server can do: record what the client sent.
 *
 * `heard(user, password)` says what of the credentials reached it: the user name, the password as
 * is, a mysql_native_password or caching_sha2_password token made from it, or the RSA-encrypted
 * password (decrypted with the server's key). Empty: nothing of the login reached this server.
 */
import { createHash, generateKeyPairSync, privateDecrypt, constants, randomBytes } from 'node:crypto';
import * as net from 'node:net';
import * as tls from 'node:tls';

export interface RecordingOptions {
  /** Key and certificate chain (PEM) for TLS; without them no TLS is possible. */
  tls?: { key: string; cert: string };
  /** Announce CLIENT_SSL in the greeting (default: when `tls` is given). */
  announceTls?: boolean;
  /** Announce TLS, then answer the SSLRequest in plaintext instead of a TLS handshake. */
  dropTls?: boolean;
  /** The server's default authentication plugin (default mysql_native_password). */
  plugin?: 'mysql_native_password' | 'caching_sha2_password';
  /** caching_sha2_password: answer the token with "perform full authentication" (and serve an RSA key). */
  fullAuth?: boolean;
}

export interface RecordingServer {
  port: number;
  /** Client bytes after the greeting, in plaintext, each connection's in order (SSLRequests excluded). */
  plainBytes: Buffer[];
  /** Application bytes received inside TLS, after the handshake. */
  tlsBytes: Buffer[];
  /** Connections whose TLS handshake completed. */
  tlsSessions: number;
  /** What of these credentials reached the server; empty when nothing did. */
  heard(user: string, password: string): string[];
  close(): Promise<void>;
}

const CLIENT_SSL = 0x800;
const CLIENT_CONNECT_WITH_DB = 0x8;
const CLIENT_SECURE_CONNECTION = 0x8000;
const CLIENT_PLUGIN_AUTH = 0x80000;
const CLIENT_LENENC_AUTH = 0x200000;

export async function startRecordingServer(opts: RecordingOptions): Promise<RecordingServer> {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string;
  const state = { plainBytes: [] as Buffer[], tlsBytes: [] as Buffer[], tlsSessions: 0, scrambles: [] as Buffer[], rsaPayloads: [] as Buffer[], authData: [] as Buffer[] };
  const sockets = new Set<net.Socket>();
  const context = opts.tls ? tls.createSecureContext({ key: opts.tls.key, cert: opts.tls.cert }) : undefined;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    void converse(socket, opts, context, state, publicPem, sockets).catch(() => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    plainBytes: state.plainBytes,
    tlsBytes: state.tlsBytes,
    get tlsSessions() {
      return state.tlsSessions;
    },
    heard: (user, password) => heard(state, rsa.privateKey, user, password),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

type State = { plainBytes: Buffer[]; tlsBytes: Buffer[]; tlsSessions: number; scrambles: Buffer[]; rsaPayloads: Buffer[]; authData: Buffer[] };

/** One connection: greeting, then whatever the client sends, recorded, answered as a server would. */
async function converse(socket: net.Socket, o: RecordingOptions, context: tls.SecureContext | undefined, st: State, publicPem: string, sockets: Set<net.Socket>): Promise<void> {
  const scramble = randomBytes(20).map((b) => (b % 94) + 33); // printable, no NUL, as servers make it
  st.scrambles.push(Buffer.from(scramble));
  const plugin = o.plugin ?? 'mysql_native_password';
  const announce = o.announceTls ?? Boolean(o.tls);
  socket.write(packet(0, greeting(announce, plugin, scramble)));
  let reader = new PacketReader(socket, st.plainBytes);
  let first = await reader.next();
  if (!first) return;
  if (first.payload.length === 32 && (first.payload.readUInt32LE(0) & CLIENT_SSL)) {
    st.plainBytes.pop(); // the SSLRequest (and a ClientHello with it) carries no credentials
    if (o.dropTls || !context) {
      // A server "in the middle" that announced TLS and now talks plaintext, hoping the client follows.
      socket.write(packet(2, Buffer.from([0xfe, ...Buffer.from('mysql_clear_password\0'), ...scramble, 0])));
      await reader.drain(3000);
      socket.destroy();
      return;
    }
    const secure = reader.upgrade(context, st, sockets);
    reader = secure;
    first = await reader.next();
    if (!first) return;
  }
  await authenticate(reader, first, plugin, scramble, o, st, publicPem);
}

async function authenticate(reader: PacketReader, response: Packet, plugin: string, scramble: Uint8Array, o: RecordingOptions, st: State, publicPem: string): Promise<void> {
  const parsed = handshakeResponse(response.payload);
  if (parsed) st.authData.push(parsed.authData);
  let seq = response.seq + 1;
  if (plugin === 'caching_sha2_password') {
    if (parsed?.plugin !== 'caching_sha2_password') {
      reader.write(packet(seq, Buffer.concat([Buffer.from([0xfe]), Buffer.from('caching_sha2_password\0'), scramble, Buffer.from([0])])));
      const token = await reader.next();
      if (!token) return;
      st.authData.push(token.payload);
      seq = token.seq + 1;
    }
    if (o.fullAuth) {
      reader.write(packet(seq, Buffer.from([0x01, 0x04])));
      const next = await reader.next();
      if (!next) return;
      seq = next.seq + 1;
      if (next.payload.length === 1 && next.payload[0] === 0x02) {
        reader.write(packet(seq, Buffer.concat([Buffer.from([0x01]), Buffer.from(publicPem)])));
        const encrypted = await reader.next();
        if (!encrypted) return;
        st.rsaPayloads.push(encrypted.payload);
        seq = encrypted.seq + 1;
      } else {
        st.authData.push(next.payload);
      }
    }
  }
  reader.write(packet(seq, errPayload(1045, '28000', 'Access denied (recording server)')));
  reader.end();
}

function greeting(tlsOn: boolean, plugin: string, scramble: Uint8Array): Buffer {
  let caps = 0xf7ff & ~CLIENT_SSL;
  caps |= 0x200 | CLIENT_SECURE_CONNECTION | CLIENT_PLUGIN_AUTH;
  if (tlsOn) caps |= CLIENT_SSL;
  const fixed = Buffer.alloc(4 + 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10);
  let at = fixed.writeUInt32LE(9, 0);
  Buffer.from(scramble.subarray(0, 8)).copy(fixed, at);
  at += 8 + 1;
  at = fixed.writeUInt16LE(caps & 0xffff, at);
  fixed[at++] = 33;
  at = fixed.writeUInt16LE(2, at);
  at = fixed.writeUInt16LE(caps >>> 16, at);
  fixed[at] = 21;
  return Buffer.concat([Buffer.from([10]), Buffer.from('8.0.40-recording\0'), fixed, Buffer.from(scramble.subarray(8)), Buffer.from([0]), Buffer.from(`${plugin}\0`)]);
}

function handshakeResponse(p: Buffer): { user: string; authData: Buffer; plugin?: string } | undefined {
  if (p.length < 33) return undefined;
  const caps = p.readUInt32LE(0);
  let at = 32;
  const userEnd = p.indexOf(0, at);
  if (userEnd < 0) return undefined;
  const user = p.subarray(at, userEnd).toString();
  at = userEnd + 1;
  let len = p[at] ?? 0;
  at += 1;
  if (caps & CLIENT_LENENC_AUTH && len >= 0xfb) return { user, authData: p.subarray(at) };
  if (!(caps & (CLIENT_SECURE_CONNECTION | CLIENT_LENENC_AUTH))) len = Math.max(0, p.indexOf(0, at - 1) - (at - 1));
  const authData = p.subarray(at, at + len);
  at += len;
  if (caps & CLIENT_CONNECT_WITH_DB) at = p.indexOf(0, at) + 1;
  const pluginEnd = p.indexOf(0, at);
  const plugin = caps & CLIENT_PLUGIN_AUTH && pluginEnd > at ? p.subarray(at, pluginEnd).toString() : undefined;
  return { user, authData, plugin };
}

/** Everything of these credentials found in what the server received. */
function heard(st: State, privateKey: import('node:crypto').KeyObject, user: string, password: string): string[] {
  const all = Buffer.concat([...st.plainBytes, ...st.tlsBytes]);
  const out: string[] = [];
  if (all.includes(Buffer.from(user))) out.push('user name');
  if (all.includes(Buffer.from(password))) out.push('password');
  const tokens = st.scrambles.flatMap((s) => [nativeToken(password, s), sha2Token(password, s)]);
  if (st.authData.some((d) => tokens.some((t) => t.equals(d)))) out.push('password token');
  for (const enc of st.rsaPayloads) {
    try {
      const plain = privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, enc);
      if (st.scrambles.some((s) => xorRotating(plain, s).toString().startsWith(`${password}\0`))) out.push('RSA-encrypted password');
    } catch {
      out.push('RSA payload');
    }
  }
  return out;
}

const sha1 = (b: Buffer) => createHash('sha1').update(b).digest();
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest();

function nativeToken(password: string, scramble: Buffer): Buffer {
  const s1 = sha1(Buffer.from(password));
  const s3 = sha1(Buffer.concat([scramble, sha1(s1)]));
  return Buffer.from(s1.map((b, i) => b ^ s3[i]));
}

function sha2Token(password: string, scramble: Buffer): Buffer {
  const s1 = sha256(Buffer.from(password));
  const s3 = sha256(Buffer.concat([sha256(s1), scramble]));
  return Buffer.from(s1.map((b, i) => b ^ s3[i]));
}

function xorRotating(a: Buffer, seed: Buffer): Buffer {
  return Buffer.from(a.map((b, i) => b ^ seed[i % seed.length]));
}

function packet(seq: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(4);
  h.writeUIntLE(payload.length, 0, 3);
  h[3] = seq & 0xff;
  return Buffer.concat([h, payload]);
}

function errPayload(errno: number, state: string, message: string): Buffer {
  const b = Buffer.alloc(3);
  b[0] = 0xff;
  b.writeUInt16LE(errno, 1);
  return Buffer.concat([b, Buffer.from(`#${state}${message}`)]);
}

interface Packet {
  seq: number;
  payload: Buffer;
}

/** Reads MySQL packets from a stream, recording every byte into `record`. */
class PacketReader {
  private buf = Buffer.alloc(0);
  private waiting?: () => void;
  private ended = false;
  private readonly onData = (d: Buffer) => {
    this.record.push(Buffer.from(d));
    this.buf = Buffer.concat([this.buf, d]);
    this.waiting?.();
  };

  constructor(
    private readonly stream: net.Socket,
    private readonly record: Buffer[],
  ) {
    stream.on('data', this.onData);
    const end = () => {
      this.ended = true;
      this.waiting?.();
    };
    stream.on('end', end);
    stream.on('close', end);
    stream.on('error', end);
  }

  async next(): Promise<Packet | undefined> {
    for (;;) {
      if (this.buf.length >= 4) {
        const len = this.buf.readUIntLE(0, 3);
        if (len > 1 << 20) return undefined;
        if (this.buf.length >= 4 + len) {
          const p = { seq: this.buf[3], payload: this.buf.subarray(4, 4 + len) };
          this.buf = this.buf.subarray(4 + len);
          return p;
        }
      }
      if (this.ended) return undefined;
      await new Promise<void>((resolve) => (this.waiting = resolve));
      this.waiting = undefined;
    }
  }

  /** Keeps recording whatever arrives for up to `ms` (or until the client hangs up). */
  async drain(ms: number): Promise<void> {
    const timer = setTimeout(() => {
      this.ended = true;
      this.waiting?.();
    }, ms);
    while (!this.ended) await new Promise<void>((resolve) => (this.waiting = resolve));
    clearTimeout(timer);
  }

  write(b: Buffer): void {
    this.stream.write(b);
  }

  end(): void {
    this.stream.end();
  }

  /** Switches to TLS after an SSLRequest; bytes already read past it (the ClientHello) go to TLS. */
  upgrade(context: tls.SecureContext, st: State, sockets: Set<net.Socket>): PacketReader {
    this.stream.removeListener('data', this.onData);
    this.stream.pause();
    // The ClientHello often arrives with the SSLRequest: TLS bytes are recorded decrypted instead.
    if (this.buf.length > 0) this.stream.unshift(this.buf);
    const secure = new tls.TLSSocket(this.stream, { isServer: true, secureContext: context });
    sockets.add(secure);
    secure.on('error', () => this.stream.destroy());
    secure.once('secure', () => st.tlsSessions++);
    return new PacketReader(secure, st.tlsBytes);
  }
}
