import type { ClientCertificateValidity } from '@passgate/core/graph';
import { assessCertificate } from '../config/certificate-expiry.js';
import { type DeepCheckReport, isUnreadable } from '../lockdown/deep-check.js';
import type { AccessFinding } from '../lockdown/required-access.js';

/** FIX lines make `tenants check --deep` exit 1; notes are for the admin to judge. */
export interface CheckLine {
  level: 'ok' | 'FIX' | 'note';
  text: string;
}

export interface CheckSection {
  heading: string;
  lines: CheckLine[];
}

function accessLine(finding: AccessFinding): CheckLine {
  if (finding.held === true)
    return { level: 'ok', text: finding.via ? `${finding.name} (via ${finding.via})` : finding.name };
  if (finding.held === null) {
    return {
      level: 'note',
      text: `${finding.name}: the token lists no directory roles (Entra may leave them out of app tokens): check Roles & admins in the Entra admin center; without it ${finding.breaks}`,
    };
  }
  return {
    level: finding.severity === 'required' ? 'FIX' : 'note',
    text: `${finding.name} missing: ${finding.breaks}`,
  };
}

/**
 * The tenant's certificate, as tenantCertificateDates read it: its dates, 'inline' (a key without its
 * certificate), or null (a client secret, whose end date is only in Entra ID, or no file to read).
 * Also shown when signing in failed: outside its dates, the certificate is why.
 */
export function certificateSection(
  certificate: ClientCertificateValidity | 'inline' | null,
  now: Date,
): CheckSection | null {
  if (certificate === null) return null;
  const heading = 'Client certificate (graph.clientCertificate)';
  if (certificate === 'inline')
    return {
      heading,
      lines: [
        {
          level: 'note',
          text: 'given inline (privateKeyPem and thumbprintSha256, without the certificate), so its expiry is not known here: watch it under Certificates & secrets in Entra ID, or give clientCertificate.path a PEM file holding the key and the certificate',
        },
      ],
    };
  const finding = assessCertificate(certificate, now);
  return {
    heading,
    lines: [
      { level: finding.level, text: finding.action ? `${finding.text}: ${finding.action}` : finding.text },
    ],
  };
}

function expirySection(report: DeepCheckReport, lockdown: string): CheckLine[] {
  const lines: CheckLine[] = [];
  const { domains, users } = report;
  if (isUnreadable(domains)) {
    lines.push({
      level: 'note',
      text: `domains unreadable: ${domains.unreadable.code}: ${domains.unreadable.message}`,
    });
  } else {
    for (const domain of domains) {
      if (!domain.found)
        lines.push({ level: 'note', text: `${domain.domain}: not a domain of this tenant in Microsoft 365` });
      else if (domain.expiresAfterDays === null)
        lines.push({ level: 'ok', text: `${domain.domain}: Microsoft never expires passwords` });
      else
        lines.push({
          level: 'note',
          text: `${domain.domain}: Microsoft expires passwords after ${domain.expiresAfterDays} days${domain.isDefault ? " (not set: Entra's default)" : ''} unless a user has DisablePasswordExpiration`,
        });
    }
  }
  if (isUnreadable(users)) {
    lines.push({
      level: 'FIX',
      text: `users unreadable: ${users.unreadable.code}: ${users.unreadable.message}`,
    });
    return lines;
  }
  const lacking = users.filter((u) => u.state.kind === 'expiry_on');
  const managed = users.filter((u) => u.state.kind === 'expiry_on' || u.state.kind === 'disabled_already');
  // Expiry reaches a user only when the user's domain expires passwords (or its policy is unknown).
  const exposed = lacking.filter((user) => {
    const domain = user.email.slice(user.email.lastIndexOf('@') + 1);
    if (isUnreadable(domains)) return true;
    const entry = domains.find((d) => d.domain === domain);
    return entry === undefined || !entry.found || entry.expiresAfterDays !== null;
  });
  if (exposed.length > 0) {
    lines.push({
      level: 'FIX',
      text: `${exposed.length} of ${managed.length} portal users still get Microsoft's own expiry prompts (no DisablePasswordExpiration): ${lockdown}`,
    });
  } else if (lacking.length > 0) {
    lines.push({
      level: 'note',
      text: `${lacking.length} of ${managed.length} portal users lack DisablePasswordExpiration; their domains do not expire passwords today, lockdown would keep it so whatever the domain policy: ${lockdown}`,
    });
  } else {
    lines.push({ level: 'ok', text: `all ${managed.length} portal users have DisablePasswordExpiration` });
  }
  const count = (kind: string): number => users.filter((u) => u.state.kind === kind).length;
  const others = [
    [count('guest'), 'guest'],
    [count('synced'), 'synced from on-premises'],
    [count('not_in_microsoft_365'), 'not in Microsoft 365'],
  ].filter(([n]) => Number(n) > 0);
  if (others.length > 0)
    lines.push({
      level: 'note',
      text: `left alone: ${others.map(([n, what]) => `${n} ${what}`).join(', ')}`,
    });
  return lines;
}

function brandingSection(report: DeepCheckReport, lockdown: string): CheckLine[] {
  const { target, acceptable, state } = report.branding;
  if (!acceptable) {
    return [
      {
        level: 'FIX',
        text: `${target} is ${target.length} characters; Microsoft takes at most 128: give the portal a shorter publicUrl`,
      },
    ];
  }
  if (isUnreadable(state))
    return [{ level: 'note', text: `unreadable: ${state.unreadable.code}: ${state.unreadable.message}` }];
  switch (state.kind) {
    case 'unreadable':
      return [{ level: 'note', text: `unreadable: ${state.reason}` }];
    case 'no_branding':
      return [
        {
          level: 'FIX',
          text: 'the tenant has no sign-in branding, so "Forgot my password?" goes to Microsoft\'s own reset: create the default branding in the Entra admin center (Company branding), then run lockdown',
        },
      ];
    case 'points_at_portal':
      return [
        { level: 'ok', text: `goes to ${target}` },
        ...(state.hidden
          ? [{ level: 'note' as const, text: 'the tenant hides the link (hideAccountResetCredentials)' }]
          : []),
      ];
    case 'points_elsewhere':
      return [
        {
          level: 'FIX',
          text: `goes to ${state.current ?? "Microsoft's own reset"}, not ${target}: ${lockdown}`,
        },
      ];
  }
}

/** `tenants check --deep` for one tenant, as sections of lines; `now` is for its certificate's dates. */
export function deepCheckSections(
  report: DeepCheckReport,
  certificate: ClientCertificateValidity | 'inline' | null,
  now: Date,
): CheckSection[] {
  const lockdown = `passgate tenants lockdown --tenant ${report.tenant} --apply`;
  const section = certificateSection(certificate, now);
  return [
    ...(section ? [section] : []),
    {
      heading: "Graph permissions (the token's roles claim)",
      lines: report.access.filter((f) => f.kind === 'permission').map(accessLine),
    },
    {
      heading: "Directory roles (the token's wids claim)",
      lines: report.access.filter((f) => f.kind === 'role').map(accessLine),
    },
    { heading: "Microsoft's own password expiry", lines: expirySection(report, lockdown) },
    { heading: 'Sign-in page reset link ("Forgot my password?")', lines: brandingSection(report, lockdown) },
  ];
}
