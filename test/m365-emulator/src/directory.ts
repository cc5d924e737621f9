import { createHash, randomBytes, randomUUID, timingSafeEqual, X509Certificate } from 'node:crypto';
import { OrganisationState } from './tenant-organisation.js';
import type { AddAppInput, AddTenantInput, AddUserInput, EmulatedUserView } from './types.js';

/**
 * A client secret as the app registration's passwordCredential holds it: Entra refuses it after its
 * endDateTime (AADSTS7000222).
 */
export interface EmulatedSecret {
  value: string;
  /** ms since epoch. */
  endDateTime: number;
}

/**
 * Azure's stand-in for "never expires" on a credential: the portal showed 12/31/2299 for such secrets.
 * Far enough that no test's advanceClock() reaches it.
 */
export const NEVER_EXPIRES = Date.parse('2299-12-31T00:00:00Z');

/**
 * A certificate as the app registration's keyCredential holds it. Uploaded in the Entra admin center,
 * its startDateTime and endDateTime are the certificate's notBefore and notAfter.
 */
export interface EmulatedKeyCredential {
  certificate: X509Certificate;
  /** ms since epoch. */
  startDateTime: number;
  endDateTime: number;
}

export interface EmulatedApp {
  clientId: string;
  clientSecret?: EmulatedSecret;
  /** base64url SHA-256 of the certificate's DER (the JWT header's x5t#S256) → its key credential. */
  certificates: Map<string, EmulatedKeyCredential>;
  permissions: Set<string>;
  directoryRoles: Set<string>;
  /** The app's name and its service principal, as the audit log's initiatedBy.app shows them. */
  displayName: string;
  servicePrincipalId: string;
}

export interface EmulatedUser {
  id: string;
  userPrincipalName: string;
  displayName: string | null;
  mail: string | null;
  accountEnabled: boolean;
  onPremisesSyncEnabled: boolean | null;
  onPremisesImmutableId: string | null;
  directoryRoles: string[];
  passwordPolicies: string | null;
  userType: 'Member' | 'Guest' | null;
  lastPasswordChangeDateTime: string | null;
  forceChangePasswordNextSignIn: boolean;
  passwordWrites: number;
  sessionRevocations: number;
  /** Salted SHA-256 of the current password: the emulator can verify it but never shows it. */
  passwordHash: PasswordDigest | null;
  /** Every password written through Graph, oldest first, kept the same way (for passwordHistory()). */
  passwordHistory: PasswordDigest[];
}

type PasswordDigest = { salt: Buffer; digest: Buffer };

export interface EmulatedTenant {
  id: string;
  name: string;
  domains: { name: string; federated: boolean }[];
  apps: Map<string, EmulatedApp>;
  /** Users by id, in the order they were created (Graph's listing order here). */
  users: Map<string, EmulatedUser>;
  /** The same users by lower-case userPrincipalName: Graph matches a UPN in any case. */
  usersByUpn: Map<string, EmulatedUser>;
}

function hashPassword(password: string, salt: Buffer = randomBytes(16)): PasswordDigest {
  return { salt, digest: createHash('sha256').update(salt).update(password, 'utf8').digest() };
}

function matches(hash: PasswordDigest, password: string): boolean {
  return timingSafeEqual(hashPassword(password, hash.salt).digest, hash.digest);
}

/**
 * lastPasswordChangeDateTime as Graph returns it in practice: UTC, whole seconds. Microsoft's doc
 * examples show fractions, so clients must read both; whole seconds are the harder case (a change and
 * the portal's own write can fall in the same second).
 */
function graphSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function certificateThumbprintS256(cert: X509Certificate): string {
  return createHash('sha256').update(cert.raw).digest('base64url');
}

/** The emulated directory: tenants, their app registrations and users. */
export class Directory {
  readonly tenants = new Map<string, EmulatedTenant>();
  /** Domains' password expiry, sign-in branding and licences, per tenant. */
  readonly organisations = new OrganisationState();

  constructor(private readonly now: () => number) {}

  /** A tenant by id or by one of its domains (Entra accepts both in the authority URL). */
  findTenant(idOrDomain: string): EmulatedTenant | undefined {
    const key = idOrDomain.toLowerCase();
    const byId = this.tenants.get(key);
    if (byId) return byId;
    for (const tenant of this.tenants.values()) {
      if (tenant.domains.some((d) => d.name === key)) return tenant;
    }
    return undefined;
  }

  requireTenant(tenantId: string): EmulatedTenant {
    const tenant = this.findTenant(tenantId);
    if (!tenant) throw new Error(`no tenant ${tenantId} in the emulator`);
    return tenant;
  }

  addTenant(input: AddTenantInput): { id: string } {
    const id = (input.id ?? randomUUID()).toLowerCase();
    if (this.tenants.has(id)) throw new Error(`tenant ${id} already exists`);
    const domains = input.domains.map((d) => ({
      name: d.name.toLowerCase(),
      federated: d.federated ?? false,
    }));
    for (const domain of domains) {
      if (this.findTenant(domain.name)) throw new Error(`domain ${domain.name} already belongs to a tenant`);
    }
    this.tenants.set(id, {
      id,
      name: input.name,
      domains,
      apps: new Map(),
      users: new Map(),
      usersByUpn: new Map(),
    });
    return { id };
  }

  addApp(tenantId: string, input: AddAppInput): { clientId: string; clientSecret?: string } {
    const tenant = this.requireTenant(tenantId);
    const clientId = (input.clientId ?? randomUUID()).toLowerCase();
    const certificates = new Map<string, EmulatedKeyCredential>();
    if (input.certificatePem) {
      const certificate = new X509Certificate(input.certificatePem);
      // validFrom/validTo are "Jan  1 00:00:00 2200 GMT" (validToDate needs Node 22.10): Date.parse reads them.
      certificates.set(certificateThumbprintS256(certificate), {
        certificate,
        startDateTime: Date.parse(certificate.validFrom),
        endDateTime: Date.parse(certificate.validTo),
      });
    }
    const clientSecret =
      input.clientSecret ?? (input.certificatePem ? undefined : randomBytes(30).toString('base64url'));
    const secretEnd =
      input.clientSecretEndDateTime === undefined ? NEVER_EXPIRES : Date.parse(input.clientSecretEndDateTime);
    if (Number.isNaN(secretEnd)) {
      throw new Error(
        `clientSecretEndDateTime: expected an ISO 8601 date, got ${input.clientSecretEndDateTime}`,
      );
    }
    tenant.apps.set(clientId, {
      clientId,
      ...(clientSecret !== undefined
        ? { clientSecret: { value: clientSecret, endDateTime: secretEnd } }
        : {}),
      certificates,
      permissions: new Set(input.permissions),
      directoryRoles: new Set(input.directoryRoles ?? []),
      displayName: input.displayName ?? `App ${clientId.slice(0, 8)}`,
      servicePrincipalId: randomUUID(),
    });
    return { clientId, ...(clientSecret !== undefined ? { clientSecret } : {}) };
  }

  addUser(tenantId: string, input: AddUserInput): { id: string } {
    const tenant = this.requireTenant(tenantId);
    const upn = input.userPrincipalName.toLowerCase();
    const domain = this.domainOf(tenant, upn);
    if (!domain) throw new Error(`${upn}: its domain is not a domain of tenant ${tenant.name}`);
    if (this.findUser(tenant, upn)) throw new Error(`${upn} already exists`);
    const id = randomUUID();
    const synced = input.onPremisesSyncEnabled ?? null;
    const user: EmulatedUser = {
      id,
      userPrincipalName: upn,
      displayName: input.displayName ?? null,
      mail: input.mail ?? null,
      accountEnabled: input.accountEnabled ?? true,
      onPremisesSyncEnabled: synced,
      // Federated and synced users carry the on-premises anchor, as in a real directory.
      onPremisesImmutableId:
        domain.federated || synced ? Buffer.from(id).toString('base64').slice(0, 24) : null,
      directoryRoles: input.directoryRoles ?? [],
      passwordPolicies: input.passwordPolicies ?? null,
      // Invited (B2B) guests get a #EXT# UPN in the host tenant and userType Guest.
      userType: input.userType === undefined ? (upn.includes('#ext#') ? 'Guest' : 'Member') : input.userType,
      lastPasswordChangeDateTime: input.password ? graphSeconds(this.now()) : null,
      forceChangePasswordNextSignIn: false,
      passwordWrites: 0,
      sessionRevocations: 0,
      passwordHash: input.password ? hashPassword(input.password) : null,
      passwordHistory: [],
    };
    tenant.users.set(id, user);
    // A UPN never changes after creation here (PATCH does not take it), so the index stays true.
    tenant.usersByUpn.set(upn, user);
    return { id };
  }

  domainOf(tenant: EmulatedTenant, upn: string): { name: string; federated: boolean } | undefined {
    const suffix = upn.slice(upn.lastIndexOf('@') + 1).toLowerCase();
    return tenant.domains.find((d) => d.name === suffix);
  }

  findUser(tenant: EmulatedTenant, idOrUpn: string): EmulatedUser | undefined {
    const key = idOrUpn.toLowerCase();
    return tenant.users.get(key) ?? tenant.usersByUpn.get(key);
  }

  setPassword(user: EmulatedUser, password: string, forceChange: boolean): void {
    user.passwordHash = hashPassword(password);
    user.passwordHistory.push(user.passwordHash);
    user.passwordWrites += 1;
    user.forceChangePasswordNextSignIn = forceChange;
    user.lastPasswordChangeDateTime = graphSeconds(this.now());
  }

  verifyPassword(tenantId: string, idOrUpn: string, password: string): boolean {
    const user = this.findUser(this.requireTenant(tenantId), idOrUpn);
    if (!user?.passwordHash) return false;
    return matches(user.passwordHash, password);
  }

  /** For each password written through Graph, oldest first: the index in `candidates` of the one written, or null. */
  passwordHistory(tenantId: string, idOrUpn: string, candidates: readonly string[]): (number | null)[] {
    const user = this.findUser(this.requireTenant(tenantId), idOrUpn);
    if (!user) throw new Error(`no user ${idOrUpn} in tenant ${tenantId}`);
    return user.passwordHistory.map((hash) => {
      const index = candidates.findIndex((candidate) => matches(hash, candidate));
      return index === -1 ? null : index;
    });
  }

  view(tenantId: string, idOrUpn: string): EmulatedUserView | null {
    const tenant = this.requireTenant(tenantId);
    const user = this.findUser(tenant, idOrUpn);
    if (!user) return null;
    const { passwordHash: _hidden, passwordHistory: _history, ...visible } = user;
    return {
      ...visible,
      directoryRoles: [...user.directoryRoles],
      federated: this.domainOf(tenant, user.userPrincipalName)?.federated ?? false,
    };
  }
}
