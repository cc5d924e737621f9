import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

export interface SecurityHeadersOptions {
  /** Served over https (publicUrl): adds HSTS and upgrade-insecure-requests. */
  https: boolean;
}

/**
 * Hono's secure headers with a strict Content-Security-Policy: everything comes from this origin,
 * no inline script or style at all (island data travels in a `type="application/json"` block, which
 * browsers never execute), no framing (clickjacking a password form), forms post only to us, and
 * script may fetch only from us (the passkey island asks for a ceremony's options).
 */
export function securityHeaders(options: SecurityHeadersOptions): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      ...(options.https ? { upgradeInsecureRequests: [] } : {}),
    },
    crossOriginEmbedderPolicy: true,
    xFrameOptions: 'DENY',
    // Not no-referrer: with it, browsers send `Origin: null` on form posts and the CSRF Origin check
    // could not tell our own form from a forged one. strict-origin sends only the origin, even to ourselves:
    // a link's token in the page URL never reaches a log as a Referer (the Origin check needs no more).
    referrerPolicy: 'strict-origin',
    strictTransportSecurity: options.https ? 'max-age=31536000; includeSubDomains' : false,
    permissionsPolicy: {
      camera: false,
      microphone: false,
      geolocation: false,
      payment: false,
      usb: false,
      browsingTopics: false,
    },
  });
}
