import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { IsInstant } from '../conventions/validators.js';

/** The most people one accident's counts may name: far above any recorded accident, far below a 32-bit column. */
const MAX_PEOPLE = 1_000_000;

/** Body of `POST /api/v1/accidents` (ReportAccident). The grade is derived from the toll, never sent. */
export class ReportAccidentDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'chosen by the client, else made by the server' })
  @IsOptional() @IsUUID()
  accidentId?: string;

  @ApiProperty({ example: '500106', description: 'a code of /api/v1/reference/districts' })
  @IsString() @Length(1, 32)
  districtCode!: string;

  @ApiProperty({ example: 'construction', description: 'a code of /api/v1/reference/sectors' })
  @IsString() @Length(1, 64)
  sector!: string;

  @ApiPropertyOptional({ example: '91500000MA5U7AB121', description: 'the registered enterprise concerned, if any' })
  @IsOptional() @IsString() @Length(18, 18)
  enterpriseUscc?: string;

  @ApiProperty({ example: '2025-03-01T10:00:00+08:00' })
  @IsInstant()
  occurredAt!: string;

  @ApiProperty({ example: 2, minimum: 0 }) @IsInt() @Min(0) @Max(MAX_PEOPLE)
  deaths!: number;

  @ApiProperty({ example: 1, minimum: 0, description: '重伤 (incl. acute industrial poisoning)' }) @IsInt() @Min(0) @Max(MAX_PEOPLE)
  seriousInjuries!: number;

  @ApiProperty({ example: 300_000_000, minimum: 0, description: 'direct economic loss, integer fen (1000万元 = 1,000,000,000)' })
  @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER)
  directLossFen!: number;

  @ApiProperty({ example: '脚手架坍塌' }) @IsString() @Length(1, 4000)
  summary!: string;
}

/** Body of `POST /api/v1/accidents/{id}/toll-revision` (ReviseAccidentToll): the toll as it now stands. */
export class ReviseAccidentTollDto {
  @ApiProperty({ example: 3, minimum: 0 }) @IsInt() @Min(0) @Max(MAX_PEOPLE)
  deaths!: number;

  @ApiProperty({ example: 1, minimum: 0 }) @IsInt() @Min(0) @Max(MAX_PEOPLE)
  seriousInjuries!: number;

  @ApiProperty({ example: 300_000_000, minimum: 0, description: 'integer fen' })
  @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER)
  directLossFen!: number;

  @ApiProperty({ example: '2025-03-05T09:00:00+08:00', description: 'not before the accident nor its latest fact' })
  @IsInstant()
  revisedAt!: string;

  @ApiProperty({ example: '一名重伤者抢救无效死亡' }) @IsString() @Length(1, 2000)
  reason!: string;
}

/** Body of `POST /api/v1/accidents/{id}/investigation-conclusion` (ConcludeInvestigation, 一案双查). */
export class ConcludeInvestigationDto {
  @ApiProperty({ example: '2025-05-20T09:00:00+08:00' })
  @IsInstant()
  concludedAt!: string;

  @ApiProperty({ example: '脚手架搭设不符合方案，未验收即使用' }) @IsString() @Length(1, 8000)
  causes!: string;

  @ApiProperty({ type: [String], format: 'uuid', description: 'ids of reported hazards the investigation found' })
  @IsArray() @ArrayMaxSize(100) @IsUUID(undefined, { each: true })
  hazardsFound!: string[];

  @ApiProperty({ example: '施工单位项目经理移送司法机关' }) @IsString() @Length(1, 8000)
  enterpriseAccountability!: string;

  @ApiProperty({ example: '区住建委监管人员问责' }) @IsString() @Length(1, 8000)
  regulatorAccountability!: string;
}
