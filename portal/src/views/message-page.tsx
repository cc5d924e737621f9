/** @jsxRuntime automatic @jsxImportSource preact */
import type { ComponentChildren, VNode } from 'preact';
import type { PageFrame } from './page-frame.js';
import { useMessages } from './page-language.js';
import { PageLayout } from './page-layout.js';
import { SupportNotice } from './support-notice.js';

export interface MessagePageProps {
  frame: PageFrame;
  title: string;
  paragraphs: readonly string[];
  /** A way on, e.g. back to the form. Only ever a path on this site. */
  link?: { href: `/${string}`; text: string };
  /** Shown so a person can quote it to support (links the page to the log line). */
  reference?: string;
  /** `status` for good news, `alert` for a refusal: how assistive technology announces it. */
  role?: 'status' | 'alert';
  /** Also say how to reach the organisation's support (where a suspended account may end up). */
  support?: boolean;
  /** Shown after the words: the way on from an outcome (links off this site, checked by the caller). */
  after?: ComponentChildren;
}

/** A page that only says something: outcomes, refusals outside the form, 404 and errors. */
export function MessagePage(props: MessagePageProps): VNode {
  const { t } = useMessages();
  return (
    <PageLayout frame={props.frame} title={props.title}>
      <div class="message" role={props.role}>
        <h1>{props.title}</h1>
        {props.paragraphs.map((text) => (
          <p key={text}>{text}</p>
        ))}
      </div>
      {props.after}
      {props.support === true && <SupportNotice frame={props.frame} />}
      {props.reference !== undefined && (
        <p class="reference">
          {t('page.reference')} <code>{props.reference}</code>
        </p>
      )}
      {props.link !== undefined && (
        <p>
          <a class="button button--secondary" href={props.link.href}>
            {props.link.text}
          </a>
        </p>
      )}
    </PageLayout>
  );
}
