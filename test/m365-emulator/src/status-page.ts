import type { Directory } from './directory.js';
import { escapeHtml } from './http-util.js';
import type { M365Emulator } from './types.js';

const STYLE = `body{font:15px/1.4 system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;margin:.5rem 0 1.5rem}
td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}.banner{background:#fff3cd;padding:.5rem 1rem;border:1px solid #e0c060}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

/** The demo's window into "Microsoft": tenants, users and whether a password is the current one. */
export function renderStatusPage(emulator: M365Emulator, directory: Directory): string {
  const tenants = [...directory.tenants.values()].map((tenant) => {
    const rows = [...tenant.users.keys()].map((id) => {
      const u = emulator.getUser(tenant.id, id);
      if (!u) return '';
      return `<tr><td>${escapeHtml(u.userPrincipalName)}</td><td>${escapeHtml(u.displayName ?? '')}</td><td>${u.accountEnabled ? 'enabled' : 'BLOCKED'}</td><td>${escapeHtml(u.lastPasswordChangeDateTime ?? 'never')}</td><td>${u.passwordWrites}</td><td>${u.federated ? 'federated' : u.onPremisesSyncEnabled ? 'synced' : 'cloud'}</td></tr>`;
    });
    return `<h2>${escapeHtml(tenant.name)} <small>${escapeHtml(tenant.id)}</small></h2>
<p>Domains: ${tenant.domains.map((d) => escapeHtml(d.name) + (d.federated ? ' (federated)' : '')).join(', ')}</p>
<table><tr><th>User</th><th>Name</th><th>Sign-in</th><th>Last password change</th><th>Password changes</th><th>Source</th></tr>${rows.join('')}</table>
<form method="post" action="/_emulator/check-password"><input type="hidden" name="tenantId" value="${escapeHtml(tenant.id)}">
<label>User <input name="user" autocomplete="off" required></label>
<label>Password <input name="password" type="password" autocomplete="off" required></label>
<button>Is this the current password?</button></form>`;
  });
  return page(
    'Microsoft 365 emulator',
    `<p class="banner">This is the Passgate <strong>Microsoft 365 emulator</strong>, a local test double. It is not Microsoft.</p>
<h1>Microsoft 365 emulator</h1><p>Origin ${escapeHtml(emulator.origin)} · <a href="/_emulator/ca.pem">CA certificate</a> · <a href="/_emulator/api/requests">request log (JSON)</a></p>
${tenants.join('') || '<p>No tenants yet.</p>'}`,
  );
}

export function renderPasswordCheck(user: string, matches: boolean): string {
  return page(
    'Password check',
    `<p class="banner">Microsoft 365 emulator (test double).</p><p>${
      matches
        ? `Yes: that is the current password of ${escapeHtml(user)} in the emulated Microsoft 365.`
        : `No: that is not the current password of ${escapeHtml(user)} (or no such user).`
    }</p><p><a href="/_emulator/">Back</a></p>`,
  );
}
