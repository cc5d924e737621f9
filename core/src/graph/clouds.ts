/**
 * National clouds: authority host and Graph root. Source: Microsoft's national-cloud deployment
 * docs (learn.microsoft.com/graph/deployments), summarised in shared/reference/microsoft-365.md.
 */
export const M365_CLOUDS = {
  global: { authorityHost: 'https://login.microsoftonline.com', graphBaseUrl: 'https://graph.microsoft.com' },
  'usgov-high': {
    authorityHost: 'https://login.microsoftonline.us',
    graphBaseUrl: 'https://graph.microsoft.us',
  },
  'usgov-dod': {
    authorityHost: 'https://login.microsoftonline.us',
    graphBaseUrl: 'https://dod-graph.microsoft.us',
  },
  china: {
    authorityHost: 'https://login.partner.microsoftonline.cn',
    graphBaseUrl: 'https://microsoftgraph.chinacloudapi.cn',
  },
} as const satisfies Record<string, CloudEndpoints>;

export type M365CloudName = keyof typeof M365_CLOUDS;

export interface CloudEndpoints {
  authorityHost: string;
  graphBaseUrl: string;
}

export const M365_CLOUD_NAMES = Object.keys(M365_CLOUDS) as [M365CloudName, ...M365CloudName[]];
