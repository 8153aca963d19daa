import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsInstant } from '../conventions/validators.js';

/** Body of `POST /api/v1/enterprises` (RegisterEnterprise). */
export class RegisterEnterpriseDto {
  @ApiProperty({ example: '91500000MA5U7AB121', description: '统一社会信用代码, 18 characters, check digit per GB 32100-2015' })
  @IsString() @Length(18, 18)
  uscc!: string;

  @ApiProperty({ example: '重庆某某化工有限公司' })
  @IsString() @Length(1, 200)
  name!: string;

  @ApiProperty({ example: '500101', description: 'a district code of /api/v1/reference/districts' })
  @IsString() @Length(1, 20)
  districtCode!: string;

  @ApiProperty({ example: 'hazardous_chemicals', description: 'a sector code of /api/v1/reference/sectors' })
  @IsString() @Length(1, 64)
  sector!: string;

  @ApiProperty({ example: 'C2614', description: 'GB/T 4754-2017 code at any level: C, C26, C261, C2614' })
  @IsString() @Matches(/^[A-T](\d{2}(\d{1,2})?)?$/, { message: 'industryCode must be a GB/T 4754-2017 code such as C, C26, C261 or C2614' })
  industryCode!: string;

  @ApiPropertyOptional({ type: [String], example: ['major_hazard_source'] })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true })
  riskTags?: string[];

  @ApiPropertyOptional({ description: "defaults to the sector's high-risk flag" })
  @IsOptional() @IsBoolean()
  highRisk?: boolean;

  @ApiPropertyOptional({ example: '2024-01-15T09:00:00+08:00', description: 'when it entered the register; default: now' })
  @IsOptional() @IsInstant()
  registeredAt?: string;
}
