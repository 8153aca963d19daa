import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { ENFORCEMENT_KINDS, INSPECTION_METHODS, SPECIAL_SUPERVISION_LEVELS } from '#domain';
import { IsInstant } from '../conventions/validators.js';

/** A district code as the reference data writes them (GB/T 2260 digits, or a zone code such as CQ-LJXQ). */
const DISTRICT_CODE = /^[0-9A-Za-z-]{1,32}$/;

/** Body of `POST /api/v1/supervisory-inspections` (RecordSupervisoryInspection). */
export class RecordSupervisoryInspectionDto {
  @ApiProperty({ example: '500106', description: 'a code of /api/v1/reference/districts: the district the inspection counts in' })
  @IsString() @Matches(DISTRICT_CODE)
  districtCode!: string;

  @ApiPropertyOptional({ example: '91500000MA5U7AB121', description: 'the registered, open enterprise inspected, in that district; omit for a district- or sector-wide inspection' })
  @IsOptional() @IsString() @Length(18, 18)
  enterpriseUscc?: string;

  @ApiPropertyOptional({ example: 'construction', description: 'required when no enterprise is named (a code of /api/v1/reference/sectors); otherwise the enterprise’s sector is used' })
  @IsOptional() @IsString() @Length(1, 64)
  sector?: string;

  @ApiProperty({ enum: INSPECTION_METHODS, description: '四不两直 | 双随机 | 异地交叉执法 | 专项督查 | routine' })
  @IsIn(INSPECTION_METHODS)
  method!: (typeof INSPECTION_METHODS)[number];

  @ApiPropertyOptional({ enum: SPECIAL_SUPERVISION_LEVELS, description: 'required for method special_supervision, absent otherwise' })
  @IsOptional() @IsIn(SPECIAL_SUPERVISION_LEVELS)
  specialSupervisionLevel?: (typeof SPECIAL_SUPERVISION_LEVELS)[number];

  @ApiProperty({ example: '2025-03-01T09:00:00+08:00', description: 'its CST date decides the year it counts in' })
  @IsInstant()
  inspectedAt!: string;

  @ApiProperty({ type: [String], format: 'uuid', description: 'ids of reported hazards the inspection found (each must exist)' })
  @IsArray() @ArrayMaxSize(200) @IsUUID('all', { each: true })
  hazardsFound!: string[];

  @ApiProperty({ example: '安全出口堵塞，责令限期整改' })
  @IsString() @Length(1, 4000)
  findings!: string;
}

/** Body of `POST /api/v1/enforcement-actions` (RecordEnforcementAction). */
export class RecordEnforcementActionDto {
  @ApiProperty({ example: '500106', description: 'the enterprise’s district, where the action counts' })
  @IsString() @Matches(DISTRICT_CODE)
  districtCode!: string;

  @ApiProperty({ example: '91500000MA5U7AB121', description: 'a registered enterprise (a closed one is allowed)' })
  @IsString() @Length(18, 18)
  enterpriseUscc!: string;

  @ApiProperty({ enum: ENFORCEMENT_KINDS, description: '罚款 | 停产整顿 | 关闭取缔 | 上限处罚 | 联合惩戒 | 警告' })
  @IsIn(ENFORCEMENT_KINDS)
  kind!: (typeof ENFORCEMENT_KINDS)[number];

  @ApiProperty({ example: 500_000, minimum: 0, description: 'integer fen: > 0 for fine and upper_limit_penalty, 0 for the other kinds' })
  @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER)
  amountFen!: number;

  @ApiProperty({ example: '2025-03-10T10:00:00+08:00', description: 'when the decision was taken; its CST date decides the year' })
  @IsInstant()
  decidedAt!: string;

  @ApiProperty({ example: '渝沙应急罚〔2025〕1号', description: '处罚决定书文号' })
  @IsString() @Length(1, 200)
  documentNumber!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the inspection (in this district, this CST year or the year before) that led to the action' })
  @IsOptional() @IsUUID()
  inspectionId?: string;
}
