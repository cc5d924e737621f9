import type { PortalAction } from '../lib/expired-password-action.js';
import { t, textLanguage } from '../lib/i18n.js';
import { trapFocus } from './trap-focus.js';

// Colours at WCAG AA or better: white on #0b5cad 6.6:1, #444 on white 9.7:1; dark: #1f1f25 on #8ab4ff
// 7.8:1, #b4b4c0 on #1f1f25 8.0:1.
const STYLE = `
  :host { all: initial; }
  .backdrop { position: fixed; inset: 0; z-index: 2147483647; background: rgba(0,0,0,.55);
    display: flex; align-items: center; justify-content: center; font: 16px/1.5 system-ui, sans-serif; }
  .card { background: #fff; color: #1b1b1b; max-width: 30rem; margin: 1rem; padding: 1.5rem 1.75rem;
    border-radius: 8px; box-shadow: 0 8px 32px rgba(0,0,0,.35); }
  .card:focus { outline: none; }
  h2 { margin: 0 0 .75rem; font-size: 1.3rem; }
  a.button { display: inline-block; margin-top: 1rem; padding: .6rem 1.1rem; background: #0b5cad; color: #fff;
    border-radius: 4px; text-decoration: none; font-weight: 600; }
  a:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
  p.help { font-size: .9rem; color: #444; }
  p.help a { color: #0b5cad; }
  @media (prefers-color-scheme: dark) {
    .card { background: #1f1f25; color: #e8e8ee; }
    a.button { background: #8ab4ff; color: #1f1f25; }
    p.help { color: #b4b4c0; }
    p.help a { color: #8ab4ff; }
  }
`;

/**
 * Covers Microsoft's expired-password form with an explanation and a way to the portal. It lives
 * in a shadow root so the page's styles cannot restyle it; the DNR block rule is the backstop
 * should a page script remove it. It is a modal alert dialog (WAI-ARIA APG "Alert and Message
 * Dialogs"): focus moves into it and stays there, and the page beneath is inert.
 */
export function showExpiredPasswordNotice(action: PortalAction): void {
  const host = document.createElement('passgate-notice');
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = STYLE;
  const backdrop = element('div', 'backdrop');
  const card = element('div', 'card');
  // In the language of its texts, laid out right to left for Arabic, whatever the page beneath uses.
  Object.assign(card, textLanguage());
  card.setAttribute('role', 'alertdialog');
  card.setAttribute('aria-modal', 'true');
  card.setAttribute('aria-labelledby', 'passgate-title');
  card.setAttribute('aria-describedby', 'passgate-body');
  const title = element('h2', '', t('extension.noticeTitle'));
  title.id = 'passgate-title';
  const body = element(
    'p',
    '',
    t('extension.noticeBody', action.organisationName ?? t('extension.noticeWhoDefault')),
  );
  body.id = 'passgate-body';
  card.append(title, body);
  const button = element('a', 'button', t('extension.noticeButton')) as HTMLAnchorElement;
  button.href = action.portalChangeUrl;
  card.append(button);
  if (action.supportUrl !== undefined) {
    const help = element('p', 'help', `${t('extension.noticeNeedHelp')} `);
    const link = element('a', '', t('extension.noticeContactSupport')) as HTMLAnchorElement;
    link.href = action.supportUrl;
    help.append(link);
    card.append(help);
  }
  backdrop.append(card);
  root.append(style, backdrop);
  document.documentElement.append(host);
  trapFocus(root, card, button);
  button.focus();
}

function element(tag: string, className: string, text?: string): HTMLElement {
  const node = document.createElement(tag);
  if (className !== '') node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
