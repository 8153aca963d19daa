import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { EQUIPMENT_RECIPIENT_LEVELS, RESCUE_TEAM_LEVELS } from '#domain';
import { IsInstant } from '../conventions/validators.js';

/** Body of `POST /api/v1/rescue-teams` (EstablishRescueTeam). */
export class EstablishRescueTeamDto {
  @ApiProperty({ example: '500106', description: 'a district code of /api/v1/reference/districts' })
  @IsString() @Length(1, 16)
  districtCode!: string;

  @ApiProperty({ enum: RESCUE_TEAM_LEVELS, description: 'city / district / township (乡镇街道) / village_station (村(社区)应急救援站(点)) / sector_professional (专业救援队伍)' })
  @IsIn(RESCUE_TEAM_LEVELS)
  level!: (typeof RESCUE_TEAM_LEVELS)[number];

  @ApiPropertyOptional({ example: 'hazardous_chemicals', description: 'required for sector_professional (a sector code), refused otherwise' })
  @IsOptional() @IsString() @Length(1, 64)
  sector?: string | null;

  @ApiPropertyOptional({ example: '土主镇', description: 'the township or village served (a free code or name): required for township and village_station, refused otherwise' })
  @IsOptional() @IsString() @Length(1, 100)
  unitRef?: string | null;

  @ApiProperty({ example: 30, minimum: 1, maximum: 100_000 })
  @IsInt() @Min(1) @Max(100_000)
  members!: number;

  @ApiProperty({ example: '2025-03-01T09:00:00+08:00', description: 'when the team was established; its CST date decides the cut it counts by' })
  @IsInstant()
  establishedAt!: string;
}

/** Body of `POST /api/v1/rescue-equipment-distributions` (DistributeEquipment). */
export class DistributeEquipmentDto {
  @ApiProperty({ example: '500106' })
  @IsString() @Length(1, 16)
  districtCode!: string;

  @ApiProperty({ example: 200, minimum: 1, maximum: 1_000_000, description: 'equipment sets (套)' })
  @IsInt() @Min(1) @Max(1_000_000)
  sets!: number;

  @ApiProperty({ enum: EQUIPMENT_RECIPIENT_LEVELS })
  @IsIn(EQUIPMENT_RECIPIENT_LEVELS)
  recipientLevel!: (typeof EQUIPMENT_RECIPIENT_LEVELS)[number];

  @ApiProperty({ example: '2025-03-02T09:00:00+08:00', description: 'its CST year decides the year the sets count in' })
  @IsInstant()
  distributedAt!: string;
}
