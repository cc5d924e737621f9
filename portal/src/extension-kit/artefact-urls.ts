import { ARTEFACT_FILES } from './release-record.js';

/** Where the portal serves the kit's files: one place, so routes, pack and policies agree. */
export interface ArtefactUrls {
  updatesXml: string;
  crx: string;
  xpi: string;
}

export function artefactUrls(publicUrl: string): ArtefactUrls {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    updatesXml: `${base}/extension/updates.xml`,
    crx: `${base}/extension/${ARTEFACT_FILES.crx}`,
    xpi: `${base}/extension/${ARTEFACT_FILES.xpi}`,
  };
}
