import type { NextFunction, Request, Response } from 'express';
import type { ValidationDetail } from './validation.js';

/** Deeper JSON bodies are refused: no command of API.md nests beyond a few levels. */
export const MAX_BODY_DEPTH = 16;

/**
 * Keys that could reach or shadow an object's prototype (`__proto__`, `constructor`, `toString`, …):
 * refused wherever they appear, like unknown properties. The whitelist alone lets inherited names
 * through, since the DTO instance does have them.
 */
const isForbiddenKey = (key: string): boolean => key === '__proto__' || key === 'prototype' || Object.prototype.hasOwnProperty.call(Object.prototype, key);

/** A NUL (PostgreSQL text cannot hold it) or a lone UTF-16 surrogate (not valid Unicode). */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Checks a parsed JSON body before the validation pipe sees it, without recursion (a deeply nested
 * body must not overflow the stack): depth ≤ MAX_BODY_DEPTH, no prototype keys, no text PostgreSQL
 * or Unicode cannot hold.
 * @returns the problems found, with dotted paths; empty when the body is fine
 */
export function inspectBody(body: unknown): ValidationDetail[] {
  const problems: ValidationDetail[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }];
  while (stack.length > 0 && problems.length < 20) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (UNSTORABLE.test(value)) problems.push({ path: path || 'body', message: `${path || 'body'} contains a NUL character or an unpaired surrogate` });
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) {
      problems.push({ path: path || 'body', message: `the body nests deeper than ${MAX_BODY_DEPTH} levels` });
      continue;
    }
    for (const key of Object.keys(value)) {
      const child = path ? `${path}.${key}` : key;
      if (isForbiddenKey(key)) {
        problems.push({ path: child, message: `property ${key} should not exist` });
        continue;
      }
      if (UNSTORABLE.test(key)) {
        problems.push({ path: path || 'body', message: 'a property name contains a NUL character or an unpaired surrogate' });
        continue;
      }
      stack.push({ value: (value as Record<string, unknown>)[key], path: child, depth: depth + 1 });
    }
  }
  return problems;
}

/**
 * Express middleware, after the JSON body parser: a URL path that cannot name anything (a NUL or an
 * unpaired surrogate once decoded) is 404; such a query string, or a body `inspectBody` refuses, is
 * API.md's 400 validation error. Nothing reaches a handler or the database.
 */
export function requestSanity(req: Request, res: Response, next: NextFunction): void {
  const [rawPath = '', rawQuery = ''] = req.originalUrl.split('?', 2);
  let path: string;
  let query: string;
  try {
    path = decodeURIComponent(rawPath);
    query = decodeURIComponent(rawQuery.replace(/\+/g, ' '));
  } catch {
    res.status(400).json({ error: 'validation', details: [{ path: 'url', message: 'the URL is not valid percent-encoding' }] });
    return;
  }
  if (UNSTORABLE.test(path)) {
    res.status(404).json({ error: 'not_found', message: 'no such resource' });
    return;
  }
  if (UNSTORABLE.test(query)) {
    res.status(400).json({ error: 'validation', details: [{ path: 'query', message: 'the query contains a NUL character or an unpaired surrogate' }] });
    return;
  }
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (req.method === 'POST' && hasBody && !req.is('application/json')) {
    res.status(415).json({ error: 'unsupported_media_type', message: 'send the body as JSON with Content-Type: application/json' });
    return;
  }
  const problems = inspectBody(req.body);
  if (problems.length > 0) {
    res.status(400).json({ error: 'validation', details: problems });
    return;
  }
  next();
}
