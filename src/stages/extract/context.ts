import type { Reporter } from '../../diagnostics/diagnostic.js';
import type { Config } from '../../config/config.js';

/** What every extractor may look at: the file's text (for exact source slices), config and a reporter. */
export interface ExtractContext {
  source: string;
  config: Config;
  reporter: Reporter;
}
