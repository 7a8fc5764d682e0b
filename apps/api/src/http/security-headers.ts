// Security headers on every response (API, docs and pages) with helmet; pages then set their own CSP in configureWeb.
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** One year: what browsers' HSTS preload lists ask for. */
const HSTS_SECONDS = 365 * 24 * 3600;

export function securityHeaders(publicUrl: string): RequestHandler {
  const https = publicUrl.startsWith('https:');
  return helmet({
    // JSON needs no sources at all; the Swagger UI at /api/docs needs its own scripts and inline styles.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Only behind https: on plain http (npm start on localhost) it would send the browser to a port with no TLS.
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // Only when people reach the app over https; over http a browser ignores it, and it must not stick to localhost.
    strictTransportSecurity: https ? { maxAge: HSTS_SECONDS, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });
}
