/**
 * The Prometheus text parser used by the metrics tests, typed (the package ships no types).
 * Parsing our output with an independent parser is what shows the exposition is valid.
 */
import { createRequire } from 'node:module';

export interface ParsedFamily {
  name: string;
  help: string;
  type: string;
  metrics: Array<{ labels?: Record<string, string>; value?: string; buckets?: Record<string, string>; count?: string; sum?: string }>;
}

const require = createRequire(import.meta.url);
const parse = require('parse-prometheus-text-format') as (text: string) => ParsedFamily[];

export function parsePrometheus(text: string): ParsedFamily[] {
  return parse(text);
}
