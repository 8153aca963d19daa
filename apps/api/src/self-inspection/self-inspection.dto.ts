import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsString, IsUUID, Length } from 'class-validator';
import { INSPECTION_LEVELS, MAX_FINDINGS_LENGTH } from '#domain';
import { IsInstant } from '../conventions/validators.js';

/** Body of `POST /api/v1/self-inspections` (RecordSelfInspection). */
export class RecordSelfInspectionDto {
  @ApiProperty({ example: '91500000MA5U7AB121' })
  @IsString() @Length(18, 18)
  enterpriseUscc!: string;

  @ApiProperty({
    enum: INSPECTION_LEVELS,
    description:
      'team_daily 班组日查, department_weekly 部门周查, director_monthly 负责人月查 (the 日周月 regime), principal_led 主要负责人带队检查, ' +
      'major_hazard_survey the 2024 重大事故隐患大排查 done after 判定标准 training',
  })
  @IsIn(INSPECTION_LEVELS)
  level!: (typeof INSPECTION_LEVELS)[number];

  @ApiProperty({ example: '2025-06-30T15:00:00+08:00', description: 'when the inspection was held; its CST date decides the year, quarter and month it counts in' })
  @IsInstant()
  inspectedAt!: string;

  @ApiProperty({ type: [String], format: 'uuid', description: 'ids of hazards of this enterprise the inspection found (already reported), each once; may be empty' })
  @IsArray() @ArrayMaxSize(200) @ArrayUnique() @IsUUID(undefined, { each: true })
  hazardIds!: string[];

  @ApiProperty({ example: '检查储罐区、配电室，发现报警装置未投用', maxLength: MAX_FINDINGS_LENGTH })
  @IsString() @Length(1, MAX_FINDINGS_LENGTH)
  findings!: string;
}
