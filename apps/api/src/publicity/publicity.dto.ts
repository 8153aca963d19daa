import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { DEMONSTRATION_SETTINGS, SCIENCE_HALL_LEVELS } from '#domain';
import { IsInstant } from '../conventions/validators.js';

/** Body of `POST /api/v1/lectures` (RecordLecture, 千师万讲). */
export class RecordLectureDto {
  @ApiProperty({ example: '500106', description: 'a district code of /api/v1/reference/districts' })
  @IsString() @Length(1, 16)
  districtCode!: string;

  @ApiPropertyOptional({ example: 'hazardous_chemicals', description: 'a sector code of /api/v1/reference/sectors, when the lecture served one' })
  @IsOptional() @IsString() @Length(1, 64)
  sector?: string;

  @ApiProperty({ example: '危险化学品安全' })
  @IsString() @Length(1, 200)
  topic!: string;

  @ApiProperty({ example: 200, minimum: 1, maximum: 1_000_000, description: 'people in the audience' })
  @IsInt() @Min(1) @Max(1_000_000)
  audienceSize!: number;

  @ApiProperty({ example: '2025-03-01T09:00:00+08:00', description: 'its CST date decides the year it counts in' })
  @IsInstant()
  heldAt!: string;
}

/** Body of `POST /api/v1/demonstration-sites` (RecordDemonstrationSite, 五进示范点). */
export class RecordDemonstrationSiteDto {
  @ApiProperty({ example: '500106' })
  @IsString() @Length(1, 16)
  districtCode!: string;

  @ApiProperty({ enum: DEMONSTRATION_SETTINGS, description: '进企业、进农村、进社区、进学校、进家庭' })
  @IsIn(DEMONSTRATION_SETTINGS)
  setting!: (typeof DEMONSTRATION_SETTINGS)[number];

  @ApiProperty({ example: '某小学安全宣传示范点' })
  @IsString() @Length(1, 200)
  name!: string;

  @ApiProperty({ example: '2025-03-02T09:00:00+08:00' })
  @IsInstant()
  builtAt!: string;
}

/** Body of `POST /api/v1/science-halls` (RecordScienceHall, 应急科普体验馆). */
export class RecordScienceHallDto {
  @ApiProperty({ example: '500106' })
  @IsString() @Length(1, 16)
  districtCode!: string;

  @ApiProperty({ enum: SCIENCE_HALL_LEVELS })
  @IsIn(SCIENCE_HALL_LEVELS)
  level!: (typeof SCIENCE_HALL_LEVELS)[number];

  @ApiProperty({ example: '沙坪坝区应急科普体验馆' })
  @IsString() @Length(1, 200)
  name!: string;

  @ApiProperty({ example: '2025-03-03T09:00:00+08:00' })
  @IsInstant()
  establishedAt!: string;
}
