// HTTP/2 sessions to the networks' https origins, several streams on each: a burst at 9:00 sends thousands of
// publishes to three or four origins at once, and over HTTP/1.1 each request in flight needs a TLS connection of
// its own (a handshake apiece and about 70-90 KB resident each while open). The networks' API hosts speak HTTP/2;
// an origin that does not (ALPN picks http/1.1, or none) is remembered and left to the HTTP/1.1 agent.
import * as http2 from 'node:http2';
import * as tls from 'node:tls';

/** Streams at once on one session until the server says its limit (SETTINGS_MAX_CONCURRENT_STREAMS). */
const ASSUMED_STREAMS = 100;
/** Never more streams on one session than this, whatever the server allows: one lost connection fails them all. */
const MAX_STREAMS_PER_SESSION = 1000;
/** Sessions to one origin at most; beyond that, streams queue on the least busy session. */
const MAX_SESSIONS_PER_ORIGIN = 64;

export interface Http2SessionsOptions {
  /** The trust store (system roots and any extra CA); undefined: Node's default. */
  secureContext?: tls.SecureContext;
  /** An idle session closes after this long, as an idle keep-alive socket does. */
  idleMs: number;
  /** A connection not up (TCP and TLS) within this long is given up. */
  connectTimeoutMs: number;
}

interface Session {
  session: http2.ClientHttp2Session;
  /** Streams open (or asked for) on it. */
  active: number;
  /** The server's stream limit, capped (ASSUMED_STREAMS until its settings arrive). */
  maxStreams: number;
  /** Told to go away, or failed: no new streams. */
  closing: boolean;
  idle?: NodeJS.Timeout;
}

/** A stream slot on a session; give it back with release() once the stream has closed. */
export interface SessionLease {
  session: http2.ClientHttp2Session;
  release(): void;
}

class OriginSessions {
  readonly sessions: Session[] = [];
  /** Sessions being opened, and the requests waiting for a slot on one. */
  private connecting = 0;
  private readonly waiting: Array<{ resolve: (lease: SessionLease | null) => void; reject: (e: unknown) => void }> = [];
  /** The server's stream limit as last seen (for how many sessions a burst needs). */
  private knownMaxStreams = ASSUMED_STREAMS;

  constructor(
    private readonly origin: URL,
    private readonly options: Http2SessionsOptions,
    /** Called when the origin turned out not to speak HTTP/2. */
    private readonly onHttp1: () => void,
  ) {}

  get open(): number {
    return this.sessions.filter((s) => !s.closing).length;
  }

  /** A slot on a session with room, opening another when all are full (null: the origin speaks HTTP/1.1). */
  acquire(): Promise<SessionLease | null> {
    const lease = this.take();
    if (lease) return Promise.resolve(lease);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.connectMore();
    });
  }

  /** Opens sessions until `streams` could run at once (at the server's known limit); resolves once they are up. */
  async warm(streams: number): Promise<number> {
    const before = this.open;
    let wanted = Math.min(MAX_SESSIONS_PER_ORIGIN, Math.ceil(streams / this.knownMaxStreams));
    // The first session tells the server's limit, and how many the rest need.
    if (this.open === 0 && wanted > 0) {
      await this.connect().catch(() => undefined);
      wanted = Math.min(MAX_SESSIONS_PER_ORIGIN, Math.ceil(streams / this.knownMaxStreams));
    }
    const missing = Math.max(0, wanted - this.open - this.connecting);
    await Promise.all(Array.from({ length: missing }, () => this.connect().catch(() => undefined)));
    return Math.max(0, this.open - before);
  }

  close(): void {
    for (const entry of [...this.sessions]) entry.session.destroy();
  }

  /** A slot on an open session with room, without waiting or connecting. */
  takeOpen(): SessionLease | undefined {
    const best = this.busiestWithRoom();
    return best ? this.lease(best) : undefined;
  }

  /**
   * The busiest session that has room: streams fill one session before the next, as a browser's do. A burst's
   * requests made in one turn of the event loop then leave in one write on one or two connections rather than a
   * write on every connection (each its own TLS record and system call, here and at the server).
   */
  private busiestWithRoom(): Session | undefined {
    let best: Session | undefined;
    for (const entry of this.sessions)
      if (!entry.closing && entry.active < entry.maxStreams && (!best || entry.active > best.active)) best = entry;
    return best;
  }

  private take(): SessionLease | null {
    let best = this.busiestWithRoom();
    // All full and no more sessions allowed: the least busy one takes it (its streams queue in the session).
    if (!best && this.sessions.length + this.connecting >= MAX_SESSIONS_PER_ORIGIN)
      for (const entry of this.sessions) if (!entry.closing && (!best || entry.active < best.active)) best = entry;
    return best ? this.lease(best) : null;
  }

  private lease(entry: Session): SessionLease {
    // Idle until now: it keeps the process alive again, and its idle timer stops. Only then: ref() reaches down to
    // the socket, a few per cent of a burst's CPU when asked of every stream.
    if (entry.active++ === 0) {
      clearTimeout(entry.idle);
      entry.session.ref();
    }
    let released = false;
    return {
      session: entry.session,
      release: () => {
        if (released) return;
        released = true;
        entry.active--;
        if (entry.active === 0) this.idle(entry);
        this.serveWaiting();
      },
    };
  }

  /** An idle session does not keep the process alive, and closes after idleMs unless used again. */
  private idle(entry: Session): void {
    entry.session.unref();
    clearTimeout(entry.idle);
    if (entry.closing) {
      entry.session.close();
      return;
    }
    entry.idle = setTimeout(() => {
      entry.closing = true;
      entry.session.close();
    }, this.options.idleMs);
    entry.idle.unref();
  }

  private serveWaiting(): void {
    while (this.waiting.length) {
      const lease = this.take();
      if (!lease) break;
      this.waiting.shift()!.resolve(lease);
    }
    if (this.waiting.length) this.connectMore();
  }

  /** Enough sessions on their way for the requests waiting. */
  private connectMore(): void {
    while (
      this.connecting * this.knownMaxStreams < this.waiting.length &&
      this.sessions.length + this.connecting < MAX_SESSIONS_PER_ORIGIN
    ) {
      this.connect().then(
        () => this.serveWaiting(),
        (error: unknown) => {
          // Nobody else is on the way to serve them: they fail as the connection did.
          if (this.connecting > 0 || this.open > 0) return this.serveWaiting();
          for (const waiter of this.waiting.splice(0)) waiter.reject(error);
        },
      );
    }
  }

  private async connect(): Promise<void> {
    this.connecting++;
    try {
      const socket = await this.tlsConnect();
      if (socket.alpnProtocol !== 'h2') {
        socket.destroy();
        this.onHttp1();
        for (const waiter of this.waiting.splice(0)) waiter.resolve(null);
        return;
      }
      await this.add(socket);
    } finally {
      this.connecting--;
    }
  }

  private tlsConnect(): Promise<tls.TLSSocket> {
    const host = this.origin.hostname.replace(/^\[|\]$/g, '');
    return new Promise((resolve, reject) => {
      const socket = tls.connect({
        host,
        port: Number(this.origin.port || 443),
        // SNI takes a host name, never an address.
        servername: /^[\d.]+$|:/.test(host) ? undefined : host,
        ALPNProtocols: ['h2', 'http/1.1'],
        ...(this.options.secureContext ? { secureContext: this.options.secureContext } : {}),
      });
      socket.setTimeout(this.options.connectTimeoutMs, () => socket.destroy(timeout()));
      socket.once('secureConnect', () => {
        socket.setTimeout(0);
        socket.removeListener('error', reject);
        resolve(socket);
      });
      socket.once('error', reject);
    });
  }

  /** Joins the pool once the server has said its settings (its stream limit): streams beyond it would be refused. */
  private add(socket: tls.TLSSocket): Promise<void> {
    const session = http2.connect(this.origin.origin, { createConnection: () => socket });
    const entry: Session = { session, active: 0, maxStreams: this.knownMaxStreams, closing: false };
    session.on('remoteSettings', (settings: http2.Settings) => {
      const max = settings.maxConcurrentStreams;
      entry.maxStreams = Math.max(1, Math.min(MAX_STREAMS_PER_SESSION, max === undefined ? Infinity : max));
      this.knownMaxStreams = entry.maxStreams;
    });
    session.on('goaway', () => {
      entry.closing = true;
    });
    session.once('close', () => {
      clearTimeout(entry.idle);
      const at = this.sessions.indexOf(entry);
      if (at >= 0) this.sessions.splice(at, 1);
    });
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => session.destroy(timeout()), this.options.connectTimeoutMs);
      const failed = (error: Error) => {
        clearTimeout(timer);
        reject(error);
      };
      // The streams on it report their own errors; the session only leaves the pool.
      session.on('error', (error: Error) => {
        entry.closing = true;
        failed(error);
      });
      const closedEarly = () => failed(new Error('the connection closed before its settings'));
      session.once('close', closedEarly);
      session.once('remoteSettings', () => {
        clearTimeout(timer);
        session.removeListener('close', closedEarly);
        this.sessions.push(entry);
        this.idle(entry);
        resolve();
      });
    });
  }
}

const timeout = () => Object.assign(new Error('connection timed out'), { code: 'ETIMEDOUT' });

export class Http2Sessions {
  private readonly origins = new Map<string, OriginSessions>();
  /** Origins that answered with HTTP/1.1: their requests use the HTTP/1.1 agent from then on. */
  private readonly http1 = new Set<string>();

  constructor(private readonly options: Http2SessionsOptions) {}

  /** Whether requests to this origin go over HTTP/1.1 (it said so when a session was opened). */
  speaksHttp1(origin: string): boolean {
    return this.http1.has(origin);
  }

  /** A stream slot on a session already open to the origin, if one has room (never waits, never connects). */
  take(origin: URL): SessionLease | undefined {
    return this.origins.get(origin.origin)?.takeOpen();
  }

  /** A stream slot to the origin; null when it speaks HTTP/1.1 only. Rejects when it cannot be reached. */
  acquire(origin: URL): Promise<SessionLease | null> {
    if (this.http1.has(origin.origin)) return Promise.resolve(null);
    return this.sessionsOf(origin).acquire();
  }

  /** Opens the sessions `streams` at once need; the number opened. Never rejects. */
  async warm(origin: URL, streams: number): Promise<number> {
    if (this.http1.has(origin.origin)) return 0;
    return this.sessionsOf(origin)
      .warm(streams)
      .catch(() => 0);
  }

  /** Sessions open to the origin. */
  openSessions(origin: URL): number {
    return this.origins.get(origin.origin)?.open ?? 0;
  }

  close(): void {
    for (const sessions of this.origins.values()) sessions.close();
    this.origins.clear();
  }

  private sessionsOf(origin: URL): OriginSessions {
    let sessions = this.origins.get(origin.origin);
    if (!sessions) {
      sessions = new OriginSessions(origin, this.options, () => {
        this.http1.add(origin.origin);
        this.origins.delete(origin.origin);
      });
      this.origins.set(origin.origin, sessions);
    }
    return sessions;
  }
}
