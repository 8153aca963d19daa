import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { READ_MODELS } from '#bootstrap';

/**
 * The wrapped data keys of reporters' identities (`reporter_keys`, one per report). Deleting a row
 * shreds the identity: the envelope in the event can no longer be opened.
 */
@Injectable()
export class ReporterKeys {
  constructor(@Inject(READ_MODELS) private readonly ds: DataSource) {}

  /** Stores the wrapped key of report `reportId`; false when the report already has one (kept as it is). */
  async insert(reportId: string, wrappedKey: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      'INSERT INTO reporter_keys (report_id, wrapped_key) VALUES ($1, $2) ON CONFLICT (report_id) DO NOTHING RETURNING report_id',
      [reportId, wrappedKey],
    );
    return rows.length === 1;
  }

  /** The wrapped key of report `reportId`, or null when none is stored (anonymous or shredded). */
  async find(reportId: string): Promise<string | null> {
    const rows: { wrapped_key: string }[] = await this.ds.query('SELECT wrapped_key FROM reporter_keys WHERE report_id = $1', [reportId]);
    return rows[0]?.wrapped_key ?? null;
  }

  /** Deletes the wrapped key of report `reportId` (nothing when there is none). */
  async delete(reportId: string): Promise<void> {
    await this.ds.query('DELETE FROM reporter_keys WHERE report_id = $1', [reportId]);
  }
}
