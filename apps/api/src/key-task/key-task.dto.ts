import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsNumber, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { IsInstant } from '../conventions/validators.js';

/** A figure reported with progress, for a plan target no fact stream computes. */
export class TaskMeasurementDto {
  @ApiProperty({ example: 'd_class_housing_relocation_rate', description: 'an indicator of seeds/plan-targets.json (422 unknown_indicator otherwise)' })
  @IsString() @Length(1, 100)
  indicator!: string;

  @ApiPropertyOptional({ example: '500106', description: 'the district the figure is of; absent or null: city-wide' })
  @IsOptional() @IsString() @Length(1, 16)
  districtCode?: string | null;

  @ApiPropertyOptional({ example: null, description: 'the sector the figure is of; absent or null: all sectors' })
  @IsOptional() @IsString() @Length(1, 64)
  sector?: string | null;

  @ApiProperty({ example: 12, description: 'the count, or the numerator of a rate (≥ 0)' })
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1e12)
  numerator!: number;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 15, description: 'the denominator of a rate (> 0, ≥ numerator: 422 numerator_exceeds_denominator); absent or null for a count' })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1e12)
  denominator?: number | null;
}

/** Body of `POST /api/v1/key-tasks/{taskNo}/progress-reports` (ReportTaskProgress). */
export class ReportTaskProgressDto {
  @ApiProperty({ example: '3.4', description: 'an item of the task (422 unknown_task_item otherwise)' })
  @IsString() @Length(1, 16)
  itemNo!: string;

  @ApiPropertyOptional({ example: 2025, description: 'the obligation year the report is about; default: the first of the item\'s years not before reportedAt\'s CST year, else the last (422 year_outside_deadline)' })
  @IsOptional() @IsInt() @Min(2000) @Max(2100)
  year?: number | null;

  @ApiProperty({ example: '市应急局', description: "one of the item's lead units as normalised (see GET /api/v1/key-tasks/{taskNo}, leadUnits); 422 lead_unit_mismatch" })
  @IsString() @Length(1, 100)
  leadUnit!: string;

  @ApiPropertyOptional({ example: null, description: 'required for a district-level lead unit (各区县政府 …), absent for a city-level one' })
  @IsOptional() @IsString() @Length(1, 16)
  districtCode?: string | null;

  @ApiProperty({ example: '已完成重大事故隐患数据库建设方案' })
  @IsString() @Length(1, 4000)
  summary!: string;

  @ApiPropertyOptional({ example: 40, minimum: 0, maximum: 100 })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(100)
  percentComplete?: number | null;

  @ApiPropertyOptional({ type: [TaskMeasurementDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => TaskMeasurementDto)
  measurements?: TaskMeasurementDto[];

  @ApiProperty({ example: '2025-03-01T09:00:00+08:00' })
  @IsInstant()
  reportedAt!: string;
}

/** Body of `POST /api/v1/key-tasks/{taskNo}/items/{itemNo}/completion` (CompleteTaskItem). */
export class CompleteTaskItemDto {
  @ApiPropertyOptional({ example: 2024, description: 'the obligation year completed (for yearly items: the year); default as for reports' })
  @IsOptional() @IsInt() @Min(2000) @Max(2100)
  year?: number | null;

  @ApiProperty({ example: '市安委会有关成员单位' })
  @IsString() @Length(1, 100)
  leadUnit!: string;

  @ApiProperty({ example: '渝安委办〔2024〕12号' })
  @IsString() @Length(1, 4000)
  evidence!: string;

  @ApiProperty({ example: '2024-11-30T10:00:00+08:00' })
  @IsInstant()
  completedAt!: string;
}
