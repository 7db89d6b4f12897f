import type { RuleParams, Severity } from './diagnostic.js';

interface Rule {
  severity: Severity;
  /** One line for the rules table in README: when the rule fires. */
  summary: string;
  /** What happened and why it matters. */
  message: (p: RuleParams) => string;
  /** What to do about it. */
  hint?: (p: RuleParams) => string | undefined;
}

const didYouMean = (p: RuleParams) => (p.suggestion ? `Did you mean \`${p.suggestion}\`?` : undefined);

/**
 * The catalogue of every diagnostic pmkb emits. Rule ids are permanent public names (CI scripts filter
 * on them): add new ones, never rename. All wording lives here.
 */
export const RULES = {
  'file-unreadable': {
    severity: 'error',
    summary: 'A source file could not be read.',
    message: (p) => `Could not read this file: ${p.reason}.`,
    hint: () => 'Check that the file exists and is readable, then build again.',
  },
  'file-empty': {
    severity: 'warning',
    summary: 'A source file is empty or holds only whitespace.',
    message: () => 'This file is empty, so it publishes no incident.',
    hint: () => 'Write the postmortem (try `pmkb new "Title"`) or delete the file.',
  },
  'file-binary': {
    severity: 'error',
    summary: 'A source file is not text (it holds NUL bytes or invalid UTF-8).',
    message: (p) => `This file is not UTF-8 text (${p.reason}), so it cannot be read as markdown.`,
    hint: () => 'Save it as UTF-8 markdown, or move it out of the source folder.',
  },
  'markdown-too-deep': {
    severity: 'error',
    summary: 'A file nests lists or quotes so deeply that it cannot be rendered safely.',
    message: (p) => `This file nests lists or quotes ${p.depth} levels deep; pmkb reads at most ${p.max}, so the file is left out.`,
    hint: () => 'Flatten the nesting: no postmortem needs more than a few levels.',
  },
  'parse-failed': {
    severity: 'error',
    summary: 'pmkb failed while reading a file; the file is left out and the build goes on.',
    message: (p) => `pmkb could not read this file: ${p.reason}.`,
    hint: () => 'This is a bug in pmkb or a very unusual file: please report it with the file attached.',
  },
  'yaml-syntax': {
    severity: 'error',
    summary: 'The YAML front matter does not parse.',
    message: (p) => `The front matter is not valid YAML: ${p.reason}.`,
    hint: () => 'Fix the YAML between the `---` lines; quote values that contain a colon followed by a space.',
  },
  'toml-syntax': {
    severity: 'error',
    summary: 'The TOML front matter does not parse.',
    message: (p) => `The front matter is not valid TOML: ${p.reason}.`,
    hint: () => 'Fix the TOML between the `+++` lines.',
  },
  'field-type': {
    severity: 'error',
    summary: 'A front matter key holds a value of the wrong type.',
    message: (p) => `\`${p.key}\` must be ${p.expected}, but it is ${p.actual}.`,
    hint: (p) => p.example ? `Write it like \`${p.key}: ${p.example}\`.` : undefined,
  },
  'unknown-key': {
    severity: 'warning',
    summary: 'A front matter key is not one pmkb knows; it is ignored.',
    message: (p) => `Unknown front matter key \`${p.key}\`; pmkb ignores it.`,
    hint: (p) => didYouMean(p) ?? 'Remove it, or keep it if another tool reads it.',
  },
  'date-unparseable': {
    severity: 'warning',
    summary: 'A date is written in a form pmkb cannot read.',
    message: (p) => `Cannot read \`${p.value}\` as a date, so the incident has no date.`,
    hint: () => 'Write dates as YYYY-MM-DD, e.g. `2019-11-23`.',
  },
  'date-ambiguous': {
    severity: 'warning',
    summary: 'A date such as 03/04/2020 could be day/month or month/day.',
    message: (p) => `\`${p.value}\` could be day/month or month/day; pmkb read it as ${p.chosen}.`,
    hint: () => 'Write the date as YYYY-MM-DD, or set `dateOrder` in pmkb.config.yaml.',
  },
  'date-timeline-mismatch': {
    severity: 'warning',
    summary: "The incident's stated date is not among the days its timeline covers.",
    message: (p) => `The incident is dated ${p.date}, but its timeline covers ${p.days}.`,
    hint: () => 'Correct the date or the timeline day headers so they agree.',
  },
  'status-unknown': {
    severity: 'warning',
    summary: 'A status is not one the status mapping knows.',
    message: (p) => `Status \`${p.value}\` does not map to draft, investigating, mitigated, resolved or closed.`,
    hint: (p) => didYouMean(p) ?? 'Use one of those words, or map this text under `statuses` in pmkb.config.yaml.',
  },
  'timeline-out-of-order': {
    severity: 'warning',
    summary: 'A timeline entry is earlier than the entry before it.',
    message: (p) => `This entry (${p.at}) is earlier than the one before it (${p.previous}).`,
    hint: () => 'Check the time and its day header; entries past midnight need a new day header.',
  },
  'timeline-zone-missing': {
    severity: 'warning',
    summary: 'A timeline has times but never says which time zone they are in.',
    message: (p) => `This timeline does not say which time zone its times are in; pmkb assumed ${p.zone}.`,
    hint: () => 'Add the zone to the day header, e.g. `2019-11-23 (all times UTC)`, or a line `All times in UTC.`',
  },
  'timeline-zone-unknown': {
    severity: 'warning',
    summary: 'A timeline declares a time zone pmkb does not know.',
    message: (p) => `Unknown time zone \`${p.zone}\`; pmkb assumed ${p.fallback}.`,
    hint: () => 'Use UTC, an abbreviation such as CET or PST, an offset such as +02:00, or add it under `zones` in pmkb.config.yaml.',
  },
  'timeline-time-unparseable': {
    severity: 'warning',
    summary: 'A timeline entry has a time or date pmkb cannot read (a placeholder or a typo).',
    message: (p) => `Cannot read \`${p.value}\` as a time, so this entry has no instant.`,
    hint: () => 'Write times as HH:MM or HH:MM:SS and dates as YYYY-MM-DD.',
  },
  'timeline-time-nonexistent': {
    severity: 'warning',
    summary: 'A timeline time did not exist in its zone that day: the clocks skipped it (daylight saving time began).',
    message: (p) => `${p.time} did not exist on ${p.day} in ${p.zone}: the clocks skipped it, so pmkb read it as ${p.read}.`,
    hint: () => 'Check the time, or give the zone the clocks really showed (e.g. the winter abbreviation, or a UTC offset).',
  },
  'id-duplicate': {
    severity: 'error',
    summary: 'Two incidents have the same id; the later one is left out.',
    message: (p) => `The id \`${p.id}\` is already used by ${p.other}; this incident is left out.`,
    hint: () => 'Give one of them another `id:` in its front matter.',
  },
  'id-invalid': {
    severity: 'error',
    summary: 'An id is not URL-safe (lowercase letters, digits and dashes).',
    message: (p) => `The id \`${p.id}\` is not URL-safe, so it cannot name a page.`,
    hint: (p) => (p.suggestion ? `Use \`id: ${p.suggestion}\`.` : 'Use lowercase letters, digits and dashes.'),
  },
  'schema-invalid': {
    severity: 'error',
    summary: 'The extracted incident does not match schemas/incident.schema.json.',
    message: (p) => `\`${p.path}\` ${p.reason}; this incident is left out.`,
    hint: () => 'Fix the value in the document; schemas/incident.schema.json says what each field allows.',
  },
  'config-invalid': {
    severity: 'error',
    summary: 'pmkb.config.yaml (or .json) does not match schemas/config.schema.json.',
    message: (p) => `\`${p.path}\` ${p.reason}.`,
    hint: (p) => didYouMean(p) ?? 'schemas/config.schema.json lists every setting and what it allows.',
  },
  'config-zone-unknown': {
    severity: 'error',
    summary: 'A time zone in pmkb.config.yaml is not one Luxon (and so pmkb) can read.',
    message: (p) => `\`${p.path}\` is \`${p.zone}\`, which is not a time zone pmkb knows.`,
    hint: () => 'Use an IANA name such as Europe/Paris or America/New_York, UTC, or an offset such as UTC+2 or UTC-05:30.',
  },
  'template-skipped': {
    severity: 'info',
    summary: 'A file looks like an empty postmortem template and is not published.',
    message: () => 'Nothing is written under this file\'s headings yet (or its title is a placeholder such as "Title (incident #)"), so it is not published.',
    hint: () => 'Write the postmortem, with a real title, and it will be published.',
  },

  'search-index-failed': {
    severity: 'warning',
    summary: 'Pagefind could not build the search index; the site is published without search.',
    message: (p) => `The search index could not be built (${p.reason}), so the site's search page will say search is unavailable.`,
    hint: () => 'Check that `npm ci` installed the pagefind package and its binary for this platform, then build again.',
  },
  'import-roundtrip': {
    severity: 'error',
    summary: 'pmkb import cannot write an incident so that it reads back the same; it is not written.',
    message: (p) => `Written as \`${p.file}\`, this incident would not read back the same (${p.fields}), so it is not written.`,
    hint: () => 'Convert this incident by hand (`pmkb new` writes the canonical layout), and report the difference as a pmkb bug.',
  },
  'output-exists': {
    severity: 'error',
    summary: 'pmkb import would write a file that already exists; it is left alone.',
    message: (p) => `\`${p.file}\` already exists, so this incident is not imported over it.`,
    hint: () => 'Pass --force to replace it, or --out to write somewhere else.',
  },
  'no-incident': {
    severity: 'warning',
    summary: 'A file has no title and no content pmkb recognizes as an incident.',
    message: () => 'pmkb found no incident in this file.',
    hint: () => 'Give it a title (front matter `title:` or a `# Heading`) and at least a summary.',
  },
} satisfies Record<string, Rule>;

export type RuleId = keyof typeof RULES;
