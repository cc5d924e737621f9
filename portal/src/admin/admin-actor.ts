export type AdminRole = 'helpdesk' | 'admin';

export interface AdminActor {
  readonly sessionId: string; // opaque id of the admin session row (never the cookie value)
  readonly subject: string; // OIDC sub
  readonly email: string;
  readonly name: string;
  readonly role: AdminRole;
  readonly authTime: number; // unix ms of the last real authentication at the IdP
}
