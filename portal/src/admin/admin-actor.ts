export type AdminRole = 'helpdesk' | 'admin';

/** Who is using the console, as the guard hands it to every console route (`c.var.admin`). */
export interface AdminActor {
  /** Opaque id of the admin session row (never the cookie value). */
  readonly sessionId: string;
  /** OIDC sub. */
  readonly subject: string;
  /** Their verified e-mail, or null when the identity provider vouched for none. */
  readonly email: string | null;
  readonly name: string;
  readonly role: AdminRole;
  /** Unix ms of the last real authentication at the IdP. */
  readonly authTime: number;
}
