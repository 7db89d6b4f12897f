/* Generated from schemas/incident.schema.json by `npm run gen:types`. Do not edit by hand. */

export type Status = 'draft' | 'investigating' | 'mitigated' | 'resolved' | 'closed' | 'unknown';
export type StringList = string[];

/**
 * One incident as pmkb publishes it in incidents.json. The single source of truth for the TypeScript Incident type.
 */
export interface Incident {
  /**
   * URL-safe identifier, unique across the site. Used as the page path incidents/<id>/.
   */
  id: string;
  title: string;
  /**
   * Day the incident happened, or null when the document does not say.
   */
  date: string | null;
  status: Status;
  /**
   * The status exactly as written, or null when the document has none.
   */
  statusText: string | null;
  /**
   * Network or environment the incident happened on; 'unspecified' when neither the incident, its file nor the config names one.
   */
  network: string | null;
  authors: string[];
  severity?: string;
  tags: string[];
  trigger: {
    /**
     * Normalized trigger category (from front matter, else from keyword rules).
     */
    category: string;
    text: string | null;
  };
  /**
   * The narrative sections pmkb recognized; each key is present only when the document has it.
   */
  sections: {
    summary?: Section;
    impact?: Section;
    rootCause?: Section;
    trigger?: Section;
    resolution?: Section;
    detection?: Section;
    lessons?: Section;
    actionItems?: Section;
    timeline?: Section;
    supporting?: Section;
  };
  /**
   * Sections with headings pmkb does not map to a known key, in document order.
   */
  otherSections: Section[];
  /**
   * What went well, what went wrong, where the team got lucky, and 'learned': lessons listed without saying which.
   */
  lessons: {
    wentWell: StringList;
    wentWrong: StringList;
    gotLucky: StringList;
    learned: StringList;
  };
  actionItems: {
    text: string;
    owner?: string;
    status?: 'open' | 'done';
  }[];
  references: StringList;
  timeline: TimelineEntry[];
  source: {
    /**
     * Source file, relative to the source folder, with / separators.
     */
    path: string;
    line: number;
  };
}
export interface Section {
  /**
   * The heading or field name as written.
   */
  title: string;
  /**
   * The section body as written.
   */
  markdown: string;
  /**
   * The body rendered to sanitized HTML.
   */
  html: string;
  line: number;
}
export interface TimelineEntry {
  /**
   * The instant in UTC (ISO 8601), or null when the day or time cannot be resolved.
   */
  at: string | null;
  /**
   * End of a range such as 23:35:26~23:36:50.
   */
  end?: string | null;
  /**
   * The same instant with the offset the document declared, e.g. 2019-11-23T03:07:00-06:00.
   */
  local?: string | null;
  /**
   * The day the entry belongs to.
   */
  day?: string | null;
  /**
   * The time as written, e.g. ~13:55.
   */
  time?: string | null;
  /**
   * The zone as declared, e.g. Central Standard Time.
   */
  zone?: string | null;
  text: string;
  approximate: boolean;
  /**
   * The entry exactly as written.
   */
  raw: string;
  line: number;
}
