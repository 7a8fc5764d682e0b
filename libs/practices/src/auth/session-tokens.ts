// Signed, expiring session tokens (JWT, HS256) under a key derived from SECRET_KEY for this use only.
import { hkdfSync } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';

export interface SessionClaims {
  sub: string;
  pid: string;
  sv: number;
}

export class SessionTokens {
  private readonly jwt: JwtService;

  constructor(
    secretKey: string,
    private readonly lifetimeHours: number,
  ) {
    const key = Buffer.from(hkdfSync('sha256', secretKey, 'practice-social-planner', 'session-signing', 32));
    this.jwt = new JwtService({
      secret: key,
      signOptions: { algorithm: 'HS256' },
      verifyOptions: { algorithms: ['HS256'] },
    });
  }

  get lifetimeSeconds(): number {
    return this.lifetimeHours * 3600;
  }

  sign(claims: SessionClaims): string {
    return this.jwt.sign({ ...claims }, { expiresIn: this.lifetimeSeconds });
  }

  /** The claims, or null for a token that is forged, expired or malformed. */
  verify(token: string): SessionClaims | null {
    try {
      const claims = this.jwt.verify<SessionClaims & { exp: number }>(token);
      return typeof claims.sub === 'string' && typeof claims.pid === 'string' && typeof claims.sv === 'number'
        ? claims
        : null;
    } catch {
      return null;
    }
  }
}
