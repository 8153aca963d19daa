import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateNested,
  IsObject,
} from 'class-validator';
import { ESCALATION_MEASURES, HAZARD_CHANNELS, HAZARD_GRADES, PROBLEM_LISTS, SUPERVISION_LEVELS } from '#domain';
import { IsCstDate, IsInstant } from '../conventions/validators.js';

/** Body of `POST /api/v1/hazards` (ReportHazard). */
export class ReportHazardDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'chosen by the client, else made by the server' })
  @IsOptional() @IsUUID()
  hazardId?: string;

  @ApiProperty({ example: '91500000MA5U7AB121' })
  @IsString() @Length(18, 18)
  enterpriseUscc!: string;

  @ApiProperty({ enum: HAZARD_GRADES })
  @IsIn(HAZARD_GRADES)
  grade!: (typeof HAZARD_GRADES)[number];

  @ApiPropertyOptional({ description: 'a criterion code of /api/v1/reference/criteria; required for a major hazard' })
  @IsOptional() @IsString() @Length(1, 64)
  criterionCode?: string;

  @ApiProperty({ enum: HAZARD_CHANNELS })
  @IsIn(HAZARD_CHANNELS)
  channel!: (typeof HAZARD_CHANNELS)[number];

  @ApiProperty() @IsString() @Length(1, 200)
  title!: string;

  @ApiProperty() @IsString() @Length(1, 4000)
  description!: string;

  @ApiProperty({ example: '2025-03-01T09:30:00+08:00' })
  @IsInstant()
  discoveredAt!: string;
}

/** One rectification measure. */
export class MeasureDto {
  @ApiProperty() @IsString() @Length(1, 2000)
  description!: string;

  @ApiProperty({ example: '2025-04-30', description: 'CST date' })
  @IsCstDate()
  deadline!: string;
}

/** The person responsible for the rectification. */
export class ResponsiblePersonDto {
  @ApiProperty() @IsString() @Length(1, 100)
  name!: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 40)
  phone?: string;
}

/** Body of `POST /api/v1/hazards/{id}/rectification-plan` (PlanRectification). */
export class PlanRectificationDto {
  @ApiProperty({ type: [MeasureDto] })
  @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => MeasureDto)
  measures!: MeasureDto[];

  @ApiProperty({ type: ResponsiblePersonDto })
  @IsObject() @ValidateNested() @Type(() => ResponsiblePersonDto)
  responsiblePerson!: ResponsiblePersonDto;

  @ApiProperty({ example: '2025-04-30', description: 'CST date' })
  @IsCstDate()
  deadline!: string;

  @ApiProperty({ description: 'rectification funds in fen (integer)' })
  @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER)
  fundsFen!: number;

  @ApiPropertyOptional({ description: 'required for a major hazard (five in place)' })
  @IsOptional() @IsString() @Length(1, 4000)
  emergencyPlan?: string;

  @ApiProperty({ example: '2025-03-02T10:00:00+08:00' })
  @IsInstant()
  plannedAt!: string;
}

/** Body of `POST /api/v1/hazards/{id}/deadline-extension` (ExtendDeadline). */
export class ExtendDeadlineDto {
  @ApiProperty({ description: 'the new deadline, CST date' }) @IsCstDate()
  deadline!: string;

  @ApiProperty() @IsString() @Length(1, 2000)
  reason!: string;

  @ApiProperty() @IsInstant()
  extendedAt!: string;
}

/** Body of `POST /api/v1/hazards/{id}/rectification-completion` (CompleteRectification). */
export class CompleteRectificationDto {
  @ApiProperty() @IsInstant()
  completedAt!: string;

  @ApiProperty() @IsString() @Length(1, 4000)
  evidence!: string;
}

/** Body of `POST /api/v1/hazards/{id}/verification` (VerifyRectification / RejectRectification). */
export class VerificationDto {
  @ApiProperty({ enum: ['passed', 'rejected'] }) @IsIn(['passed', 'rejected'])
  verdict!: 'passed' | 'rejected';

  @ApiPropertyOptional({ description: 'required when rejected' }) @IsOptional() @IsString() @Length(1, 2000)
  reason?: string;

  @ApiProperty() @IsInstant()
  verifiedAt!: string;
}

/** Body of `POST /api/v1/hazards/{id}/closure` (CloseHazard, 销号). */
export class ClosureDto {
  @ApiProperty() @IsInstant()
  closedAt!: string;
}

/** Body of `POST /api/v1/hazards/{id}/reopening` (ReopenHazard, 反销号). */
export class ReopeningDto {
  @ApiProperty() @IsInstant()
  reopenedAt!: string;

  @ApiProperty() @IsString() @Length(1, 2000)
  reason!: string;

  @ApiProperty({ description: 'the new deadline, CST date' }) @IsCstDate()
  deadline!: string;
}

/** Body of `POST /api/v1/hazards/{id}/escalations` (EscalateHazard). */
export class EscalationDto {
  @ApiProperty({ enum: ESCALATION_MEASURES }) @IsIn(ESCALATION_MEASURES)
  measure!: (typeof ESCALATION_MEASURES)[number];

  @ApiProperty() @IsInstant()
  decidedAt!: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 2000)
  note?: string;
}

/** Body of `POST /api/v1/hazards/{id}/listed-supervision` (OrderListedSupervision, 挂牌督办). */
export class ListedSupervisionDto {
  @ApiProperty({ enum: SUPERVISION_LEVELS }) @IsIn(SUPERVISION_LEVELS)
  level!: (typeof SUPERVISION_LEVELS)[number];

  @ApiProperty({ example: '渝安办督〔2025〕3号' }) @IsString() @Length(1, 100)
  documentNumber!: string;

  @ApiProperty() @IsInstant()
  orderedAt!: string;
}

/** Body of `POST /api/v1/hazards/{id}/problem-list-entries` (ListOnProblemList). */
export class ProblemListEntryDto {
  @ApiProperty({ enum: PROBLEM_LISTS }) @IsIn(PROBLEM_LISTS)
  list!: (typeof PROBLEM_LISTS)[number];

  @ApiProperty() @IsInstant()
  listedAt!: string;
}
