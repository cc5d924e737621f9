import {
  type EffectiveSettings,
  escapeRegex,
  neverTouchHosts,
  passwordPageSubmitRegexes,
  passwordPages,
  passwordPageUrlRegexes,
} from '@passgate/core/m365';
import { idleReason, portalBase } from './resolve-settings.js';
import { urlPatternToRegex } from './url-pattern.js';

type ResourceType = 'main_frame' | 'sub_frame' | 'xmlhttprequest' | 'other';

/** The declarativeNetRequest rule shape this extension uses (a subset of Chrome's). */
export interface DnrRule {
  id: number;
  priority: number;
  action: { type: 'redirect' | 'allow' | 'block'; redirect?: { regexSubstitution: string } };
  condition: { regexFilter: string; resourceTypes: ResourceType[]; requestMethods?: 'post'[] };
}

/** Higher wins: the portal and never-touch hosts beat admin exclusions, which beat redirects. */
export const RULE_PRIORITY = { redirect: 1, block: 1, exclude: 2, loopGuard: 3 } as const;

/**
 * The dynamic rules for these settings; none when the extension is idle. Redirects insert the
 * original URL raw through `\0` (DNR cannot encode it): the portal reads everything after
 * `from=` as one value.
 */
export function buildRedirectRules(settings: EffectiveSettings): DnrRule[] {
  const portalUrl = settings.portalUrl;
  if (idleReason(settings) !== undefined || portalUrl === undefined) return [];
  const rules: Omit<DnrRule, 'id'>[] = [];
  const redirect = (regexFilter: string, kind: 'change' | 'reset'): void => {
    rules.push({
      priority: RULE_PRIORITY.redirect,
      action: {
        type: 'redirect',
        redirect: { regexSubstitution: `${portalBase(portalUrl)}/${kind}?from=\\0` },
      },
      condition: { regexFilter, resourceTypes: ['main_frame'] },
    });
  };
  const allow = (regexFilter: string, priority: number): void => {
    rules.push({
      priority,
      action: { type: 'allow' },
      condition: { regexFilter, resourceTypes: ['main_frame'] },
    });
  };

  for (const page of passwordPages) {
    if (!settings.interceptIds.includes(page.id)) continue;
    if (page.detect === 'url') {
      for (const address of passwordPageUrlRegexes(page, settings.clouds)) redirect(address, page.kind);
    }
    for (const submit of passwordPageSubmitRegexes(page, settings.clouds)) {
      // Backstop for the expired-password page: if the notice is bypassed, its change is not sent.
      rules.push({
        priority: RULE_PRIORITY.block,
        action: { type: 'block' },
        condition: {
          regexFilter: submit,
          resourceTypes: ['main_frame', 'sub_frame', 'xmlhttprequest', 'other'],
          requestMethods: ['post'],
        },
      });
    }
  }
  for (const pattern of settings.extraUrlPatterns) redirect(urlPatternToRegex(pattern), 'change');
  for (const pattern of settings.excludeUrlPatterns) allow(urlPatternToRegex(pattern), RULE_PRIORITY.exclude);
  allow(`^${escapeRegex(new URL(portalUrl).origin)}(?:[/?#].*)?$`, RULE_PRIORITY.loopGuard);
  for (const host of neverTouchHosts)
    allow(`^https?://${escapeRegex(host)}\\.?(?:[/?#:].*)?$`, RULE_PRIORITY.loopGuard);
  return rules.map((rule, index) => ({ id: index + 1, ...rule }));
}
