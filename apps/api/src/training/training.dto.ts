import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PERSON_REF_PATTERN, TRAINING_AUDIENCES } from '#domain';
import { IsCstDate, IsInstant } from '../conventions/validators.js';

const PERSON_REF_MESSAGE = 'personRef must be a pseudonymous id of 8–64 characters [A-Za-z0-9_-], never a name';

/** Body of `POST /api/v1/trainings` (RecordTraining). */
export class RecordTrainingDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'chosen by the client, else made by the server' })
  @IsOptional() @IsUUID()
  trainingId?: string;

  @ApiProperty({ enum: TRAINING_AUDIENCES })
  @IsIn(TRAINING_AUDIENCES)
  audience!: (typeof TRAINING_AUDIENCES)[number];

  @ApiProperty({ example: 'p-7f3a9c21', description: 'pseudonymous id, 8–64 of [A-Za-z0-9_-]; a name is refused (400)' })
  @IsString() @Matches(PERSON_REF_PATTERN, { message: PERSON_REF_MESSAGE })
  personRef!: string;

  @ApiProperty({ example: '500106', description: 'a district code of /api/v1/reference/districts; with an enterprise, its district' })
  @IsString() @Length(1, 16)
  districtCode!: string;

  @ApiPropertyOptional({ example: 'hazardous_chemicals', description: 'a sector code; with an enterprise, taken from it' })
  @IsOptional() @IsString() @Length(1, 64)
  sector?: string;

  @ApiPropertyOptional({ example: '91500000MA5U7AB121', description: 'required for principal, other_leader, worker and special_operations' })
  @IsOptional() @IsString() @Length(18, 18)
  enterpriseUscc?: string;

  @ApiProperty() @IsString() @Length(1, 200)
  topic!: string;

  @ApiProperty({ example: '2025-03-01T17:00:00+08:00' })
  @IsInstant()
  completedAt!: string;

  @ApiProperty() @IsBoolean()
  passed!: boolean;
}

/** Body of `POST /api/v1/certificates` (IssueCertificate, 特种作业操作证). */
export class IssueCertificateDto {
  @ApiProperty({ example: 'so-4c1d8e02', description: 'pseudonymous id, 8–64 of [A-Za-z0-9_-]; a name is refused (400)' })
  @IsString() @Matches(PERSON_REF_PATTERN, { message: PERSON_REF_MESSAGE })
  personRef!: string;

  @ApiProperty({ example: '91500000MA5U7AB121' })
  @IsString() @Length(18, 18)
  enterpriseUscc!: string;

  @ApiProperty({ example: '电工作业/低压电工作业' })
  @IsString() @Length(1, 200)
  operationType!: string;

  @ApiProperty({ example: '2025-03-10T10:00:00+08:00' })
  @IsInstant()
  issuedAt!: string;

  @ApiPropertyOptional({ example: '2031-03-10', description: 'last valid CST date; default six years from the CST issue date' })
  @IsOptional() @IsCstDate()
  validUntil?: string;
}

/** Body of `POST /api/v1/certificates/{id}/revocation` (RevokeCertificate). */
export class RevokeCertificateDto {
  @ApiProperty({ example: '2025-06-01T09:00:00+08:00' })
  @IsInstant()
  revokedAt!: string;

  @ApiProperty() @IsString() @Length(1, 1000)
  reason!: string;
}
