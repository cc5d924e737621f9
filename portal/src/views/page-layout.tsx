// Pragmas keep the JSX runtime right under any tool (tsx from the repo root, bundlers), not only tsc.
/** @jsxRuntime automatic @jsxImportSource preact */
import type { ComponentChildren, VNode } from 'preact';
import { LanguageSwitcher } from './language-switcher.js';
import type { PageFrame } from './page-frame.js';
import { useMessages } from './page-language.js';
import { safeSupportUrl } from './safe-support-url.js';

export interface PageLayoutProps {
  frame: PageFrame;
  /** The page's own title; the organisation's name is appended. */
  title: string;
  children: ComponentChildren;
  /** Extra nodes for the end of body (the island's data block and script). */
  scripts?: ComponentChildren;
}

/** The HTML document around every page: header with the organisation, demo banner, main, footer. */
export function PageLayout({ frame, title, children, scripts }: PageLayoutProps): VNode {
  const { t, locale, dir } = useMessages();
  return (
    <html lang={locale} dir={dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{t('layout.titleWithOrganisation', { title, organisation: frame.organisationName })}</title>
        <meta name="color-scheme" content="light dark" />
        <link rel="stylesheet" href={frame.cssHref} />
        {frame.brandCssHref != null && <link rel="stylesheet" href={frame.brandCssHref} />}
        {frame.logoHref !== null && <link rel="icon" href={frame.logoHref} />}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('layout.skipLink')}
        </a>
        <header class="site-header">
          <div class="site-header__inner">
            {frame.logoHref !== null && <img class="site-header__logo" src={frame.logoHref} alt="" />}
            <span class="site-header__name">{frame.organisationName}</span>
            <LanguageSwitcher />
          </div>
        </header>
        {frame.demo && (
          <p class="demo-banner" role="note">
            <strong>{t('layout.demoLabel')}</strong> {t('layout.demoText')}
          </p>
        )}
        <main id="main" class="page" tabindex={-1}>
          {children}
        </main>
        <SiteFooter frame={frame} />
        {scripts}
      </body>
    </html>
  );
}

function SiteFooter({ frame }: { frame: PageFrame }): VNode | null {
  const { t } = useMessages();
  const url = safeSupportUrl(frame.supportUrl);
  if (frame.supportText === null && url === null) return null;
  return (
    <footer class="site-footer">
      {frame.supportText !== null && <p>{frame.supportText}</p>}
      {url !== null && (
        <p>
          <a href={url}>{t('layout.contactSupport')}</a>
        </p>
      )}
    </footer>
  );
}
