import type { PortalAction } from '../lib/expired-password-action.js';
import { t } from '../lib/i18n.js';

const STYLE = `
  :host { all: initial; }
  .backdrop { position: fixed; inset: 0; z-index: 2147483647; background: rgba(0,0,0,.55);
    display: flex; align-items: center; justify-content: center; font: 16px/1.5 system-ui, sans-serif; }
  .card { background: #fff; color: #1b1b1b; max-width: 30rem; margin: 1rem; padding: 1.5rem 1.75rem;
    border-radius: 8px; box-shadow: 0 8px 32px rgba(0,0,0,.35); }
  h2 { margin: 0 0 .75rem; font-size: 1.3rem; }
  a.button { display: inline-block; margin-top: 1rem; padding: .6rem 1.1rem; background: #0b5cad; color: #fff;
    border-radius: 4px; text-decoration: none; font-weight: 600; }
  a.button:focus { outline: 3px solid #ffbf47; }
  p.help { font-size: .9rem; color: #444; }
`;

/**
 * Covers Microsoft's expired-password form with an explanation and a way to the portal. It lives
 * in a shadow root so the page's styles cannot restyle it; the DNR block rule is the backstop
 * should a page script remove it.
 */
export function showExpiredPasswordNotice(action: PortalAction): void {
  const host = document.createElement('passgate-notice');
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = STYLE;
  const backdrop = element('div', 'backdrop');
  backdrop.setAttribute('role', 'alertdialog');
  backdrop.setAttribute('aria-labelledby', 'passgate-title');
  const card = element('div', 'card');
  const title = element('h2', '', t('noticeTitle'));
  title.id = 'passgate-title';
  card.append(title, element('p', '', t('noticeBody', action.organisationName ?? t('noticeWhoDefault'))));
  const button = element('a', 'button', t('noticeButton')) as HTMLAnchorElement;
  button.href = action.portalChangeUrl;
  card.append(button);
  if (action.supportUrl !== undefined) {
    const help = element('p', 'help', `${t('noticeNeedHelp')} `);
    const link = element('a', '', t('noticeContactSupport')) as HTMLAnchorElement;
    link.href = action.supportUrl;
    help.append(link);
    card.append(help);
  }
  backdrop.append(card);
  root.append(style, backdrop);
  document.documentElement.append(host);
  button.focus();
}

function element(tag: string, className: string, text?: string): HTMLElement {
  const node = document.createElement(tag);
  if (className !== '') node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
