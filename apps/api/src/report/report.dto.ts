import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { REPORT_CHANNELS } from '#domain';
import { IsInstant } from '../conventions/validators.js';

/**
 * The reporter, confidential (保密): encrypted by the server before anything is recorded, never shown
 * in a read model, an event stream for analysts or a log. Validation messages never repeat it.
 */
export class ReporterIdentityDto {
  @ApiPropertyOptional({ example: '张三' })
  @IsOptional() @IsString() @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ example: '13800000000', description: 'phone, e-mail or address' })
  @IsOptional() @IsString() @Length(1, 200)
  contact?: string;
}

/** Body of `POST /api/v1/reports` (ReceiveReport): a whistle-blower report (举报), public. */
export class ReceiveReportDto {
  @ApiProperty({ example: '500106', description: 'a code of /api/v1/reference/districts' })
  @IsString() @Length(1, 32)
  districtCode!: string;

  @ApiPropertyOptional({ example: 'hazardous_chemicals', description: 'a code of /api/v1/reference/sectors' })
  @IsOptional() @IsString() @Length(1, 64)
  sector?: string;

  @ApiPropertyOptional({ example: '91500000MA5U7AB121', description: 'a registered enterprise reported on, if any' })
  @IsOptional() @IsString() @Length(18, 18)
  enterpriseUscc?: string;

  @ApiProperty({ enum: REPORT_CHANNELS, description: 'phone 电话, online 网络, letter 信件, visit 来访' })
  @IsIn(REPORT_CHANNELS)
  channel!: (typeof REPORT_CHANNELS)[number];

  @ApiProperty({ example: '某仓库违规储存危险化学品' })
  @IsString() @Length(1, 4000)
  summary!: string;

  @ApiProperty({ example: '2025-03-01T09:00:00+08:00', description: 'when the report was received; its CST date decides its year' })
  @IsInstant()
  receivedAt!: string;

  // Absent is anonymous; null is no object (400), not an anonymous report: the handler would read its fields.
  @ApiPropertyOptional({ type: ReporterIdentityDto, description: 'omit for an anonymous report; with it, a name or a contact (null is refused)' })
  @ValidateIf((_, value) => value !== undefined) @IsObject() @ValidateNested() @Type(() => ReporterIdentityDto)
  reporter?: ReporterIdentityDto;
}

/** Body of `POST /api/v1/reports/{id}/verification` (VerifyReport, 核查). */
export class VerifyReportDto {
  @ApiProperty({ example: true })
  @IsBoolean()
  substantiated!: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'the hazard found (a reported hazard), only when substantiated' })
  @IsOptional() @IsUUID()
  hazardId?: string;

  @ApiPropertyOptional({ example: 20_000_000, description: 'the administrative fine imposed, integer fen, only when substantiated' })
  @IsOptional() @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER)
  fineFen?: number;

  @ApiProperty({ example: '2025-03-10T09:00:00+08:00' })
  @IsInstant()
  verifiedAt!: string;
}

/** Body of `POST /api/v1/reports/{id}/reward-payment` (PayReward). */
export class PayRewardDto {
  @ApiProperty({ example: 3_000_000, description: 'integer fen; another amount than the suggested reward needs overrideReason' })
  @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER)
  amountFen!: number;

  @ApiPropertyOptional({ example: '举报线索对重大事故隐患排除有重大贡献' })
  @IsOptional() @IsString() @Length(1, 2000)
  overrideReason?: string;

  @ApiProperty({ example: '2025-04-01T09:00:00+08:00' })
  @IsInstant()
  paidAt!: string;
}

/** Body of `POST /api/v1/reports/{id}/reporter-identity-reads` (ReadReporterIdentity). */
export class ReadReporterIdentityDto {
  @ApiProperty({ example: '联系举报人发放奖励', description: 'why the identity is read (recorded in the history)' })
  @IsString() @Length(1, 500)
  purpose!: string;
}
