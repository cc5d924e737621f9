/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import { formatDay, KIND_NAMES, ways } from '../recovery/kind-names.js';
import type { RecoveryMethodView } from '../recovery/list-methods.js';
import type { SecurityInfo } from '../recovery/security-info-service.js';
import { AddMethods } from './account-add-methods.js';
import { type AccountProblem, summaryOf } from './account-problems.js';
import { ErrorSummary } from './error-summary.js';
import type { PageFrame } from './page-frame.js';
import { PageLayout } from './page-layout.js';
import { PasskeyItem } from './passkey-item.js';

export interface AccountInfoPageProps {
  frame: PageFrame;
  csrfToken: string;
  info: SecurityInfo;
  problems: readonly AccountProblem[];
  /** Good news to announce (a method added or removed), or null. */
  status: string | null;
}

function RemoveButton(props: { csrfToken: string; method: string; name: string }): VNode {
  return (
    <form method="post" action="/account/remove">
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      <input type="hidden" name="method" value={props.method} />
      <button type="submit" class="button button--secondary">
        Remove<span class="visually-hidden"> {props.name.toLowerCase()}</span>
      </button>
    </form>
  );
}

function MethodItem(props: { csrfToken: string; method: RecoveryMethodView }): VNode {
  const { method } = props;
  const name = KIND_NAMES[method.kind];
  return (
    <li class="method">
      <h3 class="method__name">{name}</h3>
      {method.email !== null && <p class="method__detail">{method.email}</p>}
      <p class="method__meta">
        Added {formatDay(method.createdAt)}. Last used{' '}
        {method.lastUsedAt === null ? 'never' : formatDay(method.lastUsedAt)}.
      </p>
      <RemoveButton csrfToken={props.csrfToken} method={method.id} name={name} />
    </li>
  );
}

/** GET /account: the signed-in person's methods, how to add more, and how to remove each. */
export function AccountInfoPage(props: AccountInfoPageProps): VNode {
  const { info, csrfToken, problems } = props;
  const { overview, standing } = info;
  const codes = overview.recoveryCodes;
  const heading = 'Your security info';
  const empty = overview.methods.length === 0 && codes === null;
  return (
    <PageLayout frame={props.frame} title={problems.length > 0 ? `Error: ${heading}` : heading}>
      <ErrorSummary errors={summaryOf(problems)} />
      <h1>{heading}</h1>
      {props.status !== null && (
        <p class="notice" role="status">
          {props.status}
        </p>
      )}
      <p class="lead">
        Signed in as <strong>{info.person.email}</strong>. These are the ways you can prove who you are when
        you forget your password or cannot reach Microsoft 365.
      </p>
      <p class={standing.enough ? 'standing' : 'standing standing--short'}>
        {`Your organisation asks for ${ways(standing.needed)} of different kinds${info.person.isAdmin ? ' (you have an admin account)' : ''}. `}
        {standing.enough
          ? `You have ${ways(standing.kinds.length)}.`
          : `You have ${ways(standing.kinds.length)}: add ${standing.needed - standing.have} more.`}
      </p>
      <h2>Your ways back in</h2>
      {empty ? (
        <p>You have not added any yet.</p>
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
              <h3 class="method__name">{KIND_NAMES.recovery_codes}</h3>
              <p class="method__detail">
                {codes.left} of {codes.total} codes left
                {codes.left <= 3 ? ': create new ones before they run out.' : '.'}
              </p>
              <p class="method__meta">Created {formatDay(codes.createdAt)}.</p>
              <RemoveButton csrfToken={csrfToken} method="recovery_codes" name={KIND_NAMES.recovery_codes} />
            </li>
          )}
        </ul>
      )}
      <h2>Add a way</h2>
      <AddMethods
        csrfToken={csrfToken}
        allowed={info.allowed}
        overview={overview}
        passkeyIslandSrc={props.frame.passkeyIslandSrc ?? null}
      />
      <form method="post" action="/account/signout">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <button type="submit" class="button button--secondary">
          Sign out
        </button>
      </form>
    </PageLayout>
  );
}
