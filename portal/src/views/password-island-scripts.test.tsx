/** @jsxRuntime automatic @jsxImportSource preact */
import { createMessages, ENGLISH } from '@passgate/core/i18n';
import { defaultPolicy, describeRequirements } from '@passgate/core/policy';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import type { PasswordIslandFrame } from './page-frame.js';
import { PageLanguageContext } from './page-language.js';
import type { PasswordFieldsProps } from './password-fields-props.js';
import { PasswordIslandScripts } from './password-island-scripts.js';

const browserPolicy = { ...defaultPolicy, bannedTerms: [] };
const requirements = describeRequirements(defaultPolicy);
const island: PasswordIslandFrame = {
  hrefs: { en: '/assets/password-island.en.json?v=0123456789ab' },
  policyJson: JSON.stringify(browserPolicy),
  requirementsJson: JSON.stringify(requirements),
};

function fields(overrides: Partial<PasswordFieldsProps> = {}): PasswordFieldsProps {
  return {
    policy: browserPolicy,
    requirements,
    errors: { currentPassword: [], newPassword: [], confirmPassword: [] },
    emailInputId: null,
    askCurrent: false,
    context: null,
    ...overrides,
  };
}

/** The props the page hands the island, as the island parses them. */
function pageProps(passwordFields: PasswordFieldsProps, frame = island): Record<string, unknown> | null {
  const html = renderToString(
    <PageLanguageContext.Provider value={{ messages: createMessages('en', ENGLISH), switcher: null }}>
      <PasswordIslandScripts
        passwordFields={passwordFields}
        islandSrc="/assets/island.js?v=1"
        island={frame}
      />
    </PageLanguageContext.Provider>,
  );
  const json = /<script type="application\/json" id="password-fields-props">([^<]*)<\/script>/.exec(
    html,
  )?.[1];
  return json === undefined ? null : JSON.parse(json);
}

describe('PasswordIslandScripts()', () => {
  it('leaves out the policy and list the data asset already holds', () => {
    const props = pageProps(fields());
    expect(props).not.toHaveProperty('policy');
    expect(props).not.toHaveProperty('requirements');
    expect(props?.language).toEqual({ locale: 'en', dataHref: island.hrefs.en });
  });

  it('sends a page’s own list where it differs (a first password: no history rule)', () => {
    const firstPassword = requirements.filter((r) => r.code !== 'REUSED');
    const props = pageProps(fields({ requirements: firstPassword, firstPassword: true }));
    expect(props?.requirements).toEqual(firstPassword);
    expect(props).not.toHaveProperty('policy');
  });

  it('sends a page’s own policy where it differs from the asset’s', () => {
    const stricter = { ...browserPolicy, minLength: 20 };
    expect(pageProps(fields({ policy: stricter }))?.policy).toEqual(stricter);
  });

  it('adds no island to a page in a language without a data asset, or without one at all', () => {
    expect(pageProps(fields(), { ...island, hrefs: {} })).toBeNull();
  });
});
