/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import type { RecoveryKind } from '../config/recovery-config-schema.js';
import type { RecoveryMethodView } from '../recovery/list-methods.js';
import type { SecurityInfo } from '../recovery/security-info-service.js';
import { AddMethods } from './account-add-methods.js';
import { type AccountProblem, summaryOf } from './account-problems.js';
import { ErrorSummary } from './error-summary.js';
import { formatDay } from './format-day.js';
import type { PageFrame } from './page-frame.js';
import { useMessages } from './page-language.js';
import { PageLayout } from './page-layout.js';
import { PasskeyItem } from './passkey-item.js';
import { UsableFromNote } from './usable-from-note.js';

export interface AccountInfoPageProps {
  frame: PageFrame;
  csrfToken: string;
  info: SecurityInfo;
  problems: readonly AccountProblem[];
  /** Good news to announce (a method added or removed), or null. */
  status: string | null;
}

/** Remove, named for a screen reader by the kind of method as a sentence would say it ("authenticator app"). */
function RemoveButton(props: { csrfToken: string; method: string; kind: RecoveryKind }): VNode {
  const { t } = useMessages();
  return (
    <form method="post" action="/account/remove">
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      <input type="hidden" name="method" value={props.method} />
      <button type="submit" class="button button--secondary">
        {t('common.remove')}
        <span class="visually-hidden"> {t('method.kindInSentence', { kind: props.kind })}</span>
      </button>
    </form>
  );
}

function MethodItem(props: { csrfToken: string; method: RecoveryMethodView }): VNode {
  const messages = useMessages();
  const { method } = props;
  const name = messages.t(`kind.${method.kind}`);
  return (
    <li class="method">
      <h3 class="method__name">{name}</h3>
      {method.email !== null && <p class="method__detail">{method.email}</p>}
      <p class="method__meta">
        {messages.t('method.added', {
          added: formatDay(messages, method.createdAt),
          lastUsed:
            method.lastUsedAt === null
              ? messages.t('method.neverUsed')
              : formatDay(messages, method.lastUsedAt),
        })}
      </p>
      <UsableFromNote usableFrom={method.usableFrom} />
      <RemoveButton csrfToken={props.csrfToken} method={method.id} kind={method.kind} />
    </li>
  );
}

/** GET /account: the signed-in person's methods, how to add more, and how to remove each. */
export function AccountInfoPage(props: AccountInfoPageProps): VNode {
  const messages = useMessages();
  const { t } = messages;
  const { info, csrfToken, problems } = props;
  const { overview, standing } = info;
  const codes = overview.recoveryCodes;
  const heading = t('account.title');
  const empty = overview.methods.length === 0 && codes === null;
  return (
    <PageLayout
      frame={props.frame}
      title={problems.length > 0 ? t('page.errorTitle', { title: heading }) : heading}
    >
      <ErrorSummary errors={summaryOf(problems)} />
      <h1>{heading}</h1>
      {props.status !== null && (
        <p class="notice" role="status">
          {props.status}
        </p>
      )}
      <p class="lead">{t('account.signedInAs', { email: info.person.email })}</p>
      <p class={standing.enough ? 'standing' : 'standing standing--short'}>
        {t(info.person.isAdmin ? 'account.standingAskAdmin' : 'account.standingAsk', {
          needed: standing.needed,
        })}{' '}
        {standing.enough
          ? t('account.standingEnough', { have: standing.kinds.length })
          : t('account.standingShort', {
              have: standing.kinds.length,
              missing: standing.needed - standing.have,
            })}
      </p>
      <h2>{t('account.waysTitle')}</h2>
      {empty ? (
        <p>{t('account.noneYet')}</p>
      ) : (
        <ul class="methods">
          {overview.methods.map((method) =>
            method.kind === 'passkey' ? (
              <PasskeyItem key={method.id} csrfToken={csrfToken} method={method} problems={problems} />
            ) : (
              <MethodItem key={method.id} csrfToken={csrfToken} method={method} />
            ),
          )}
          {codes !== null && (
            <li class="method">
              <h3 class="method__name">{t('kind.recovery_codes')}</h3>
              <p class="method__detail">
                {t(codes.left <= 3 ? 'account.codesLow' : 'account.codesLeft', {
                  left: codes.left,
                  total: codes.total,
                })}
              </p>
              <p class="method__meta">
                {t('account.codesCreated', { created: formatDay(messages, codes.createdAt) })}
              </p>
              <UsableFromNote usableFrom={codes.usableFrom} />
              <RemoveButton csrfToken={csrfToken} method="recovery_codes" kind="recovery_codes" />
            </li>
          )}
        </ul>
      )}
      <h2>{t('account.addTitle')}</h2>
      <AddMethods
        csrfToken={csrfToken}
        allowed={info.allowed}
        overview={overview}
        passkeyIslandSrc={props.frame.passkeyIslandSrc ?? null}
      />
      <form method="post" action="/account/signout">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <button type="submit" class="button button--secondary">
          {t('account.signOut')}
        </button>
      </form>
    </PageLayout>
  );
}
