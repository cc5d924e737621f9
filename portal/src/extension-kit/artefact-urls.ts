import { ARTEFACT_FILES } from './release-record.js';

/** Where the portal serves the kit's files: one place, so routes, pack and policies agree. */
export interface ArtefactUrls {
  updatesXml: string;
  crx: string;
  xpi: string;
  /** Firefox's update manifest for self-distributed add-ons (the XPI's gecko.update_url). */
  updatesJson: string;
}

export function artefactUrls(publicUrl: string): ArtefactUrls {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    updatesXml: `${base}/extension/updates.xml`,
    crx: `${base}/extension/${ARTEFACT_FILES.crx}`,
    xpi: `${base}/extension/${ARTEFACT_FILES.xpi}`,
    updatesJson: `${base}/extension/updates.json`,
  };
}
