import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { CLOCK, READ_MODELS, REFERENCE_DATA } from '#bootstrap';
import { cstDate, HAZARD_GRADES, type HazardGrade } from '#domain';
import { queryHazardStatistics, type HazardFiguresRow } from '#projections';
import type { ReferenceData } from '#reference-data';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { validationError, type ValidationDetail } from '../conventions/validation.js';

/** `/api/v1/statistics/{topic}`: the plan's figures per district or sector and year. */
@ApiTags('statistics')
@Controller('api/v1/statistics')
export class StatisticsController {
  constructor(
    @Inject(READ_MODELS) private readonly ds: DataSource,
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
    @Inject(CLOCK) private readonly clock: () => Date,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Get('hazards')
  @ApiOperation({
    summary: 'Hazard figures per district or sector for a year (API.md "What the hazard figures mean"); rows for every group, zeros included',
  })
  @ApiQuery({ name: 'groupBy', enum: ['district', 'sector'] })
  @ApiQuery({ name: 'year', example: 2025 })
  @ApiQuery({ name: 'grade', required: false, enum: HAZARD_GRADES })
  @ApiQuery({ name: 'minPosition', required: false })
  async hazards(@Query() query: Record<string, unknown>): Promise<{ position: string; groupBy: string; year: number; grade: string | null; rows: HazardFiguresRow[] }> {
    const problems: ValidationDetail[] = [];
    for (const k of Object.keys(query)) {
      if (!['groupBy', 'year', 'grade', 'minPosition'].includes(k)) problems.push({ path: k, message: `unknown query parameter ${k}` });
      else if (typeof query[k] !== 'string') problems.push({ path: k, message: `${k} must be given once` });
    }
    const groupBy = query['groupBy'];
    if (groupBy !== 'district' && groupBy !== 'sector') problems.push({ path: 'groupBy', message: 'groupBy must be district or sector' });
    const yearText = query['year'];
    if (typeof yearText !== 'string' || !/^\d{4}$/.test(yearText) || Number(yearText) < 2000 || Number(yearText) > 2100) {
      problems.push({ path: 'year', message: 'year must be a four-digit year from 2000 to 2100' });
    }
    const grade = query['grade'];
    if (grade !== undefined && !(HAZARD_GRADES as readonly unknown[]).includes(grade)) problems.push({ path: 'grade', message: 'grade must be major or general' });
    if (problems.length > 0) throw validationError(problems);

    const position = await this.readYourWrites.positionAfter(['hazard-figures'], query['minPosition'] as string | undefined);
    const groups =
      groupBy === 'district'
        ? this.reference.districts.map((d) => ({ code: d.code, name: d.name }))
        : this.reference.sectorList.map((s) => ({ code: s.code, name: s.name }));
    const rows = await queryHazardStatistics(this.ds, {
      groupBy: groupBy as 'district' | 'sector',
      year: Number(yearText),
      grade: (grade as HazardGrade | undefined) ?? null,
      today: cstDate(this.clock()),
      groups,
    });
    return { position, groupBy: groupBy as string, year: Number(yearText), grade: (grade as string | undefined) ?? null, rows };
  }
}
