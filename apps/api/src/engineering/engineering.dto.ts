import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';
import { ELEVATOR_CHECK_ITEMS, ENGINEERING_PROJECTS } from '#domain';
import { IsInstant } from '../conventions/validators.js';

/** Body of `POST /api/v1/elevator-spot-checks` (RecordElevatorSpotCheck). */
export class RecordElevatorSpotCheckDto {
  @ApiProperty({ example: '500106', description: 'district code of the reference data' })
  @IsString() @Matches(/^\d{6}$/)
  districtCode!: string;

  @ApiProperty({ example: 40, minimum: 1, maximum: 1_000_000, description: 'elevators spot-checked' })
  @IsInt() @Min(1) @Max(1_000_000)
  elevators!: number;

  @ApiProperty({ enum: ELEVATOR_CHECK_ITEMS, isArray: true, description: '门锁装置、紧急报警装置、救援对讲系统: at least one, no repeats' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(ELEVATOR_CHECK_ITEMS.length) @ArrayUnique() @IsIn(ELEVATOR_CHECK_ITEMS, { each: true })
  items!: (typeof ELEVATOR_CHECK_ITEMS)[number][];

  @ApiProperty({ example: 2, minimum: 0, description: 'elevators found defective; at most `elevators` (422 defects_exceed_elevators)' })
  @IsInt() @Min(0) @Max(1_000_000)
  defectsFound!: number;

  @ApiProperty({ example: '2025-03-01T09:00:00+08:00', description: 'when the check was made; its CST date decides the year' })
  @IsInstant()
  checkedAt!: string;
}

/** Body of `POST /api/v1/engineering-progress` (RecordEngineeringProgress). */
export class RecordEngineeringProgressDto {
  @ApiProperty({ example: '500106', description: 'district code of the reference data' })
  @IsString() @Matches(/^\d{6}$/)
  districtCode!: string;

  @ApiProperty({
    enum: ENGINEERING_PROJECTS,
    description:
      'old_community_renovation 老旧小区改造 (communities), rural_dangerous_bridge 农村公路危桥改造 (bridges), life_protection_road ' +
      '公路安全生命防护工程 (metres), reservoir_reinforcement 病险水库除险加固 (reservoirs), hydrant 市政消火栓 (hydrants built), ' +
      'self_built_housing 自建房整治 (buildings)',
  })
  @IsIn(ENGINEERING_PROJECTS)
  project!: (typeof ENGINEERING_PROJECTS)[number];

  @ApiProperty({ example: 1200, minimum: 1, maximum: 100_000_000, description: "completed, in the project's unit (metres for roads)" })
  @IsInt() @Min(1) @Max(100_000_000)
  quantity!: number;

  @ApiProperty({ type: Number, nullable: true, example: null, description: 'm² renovated: required for old_community_renovation, null otherwise (422)' })
  @ValidateIf((o: RecordEngineeringProgressDto) => o.areaSquareMetres !== null)
  @IsInt() @Min(1) @Max(1_000_000_000)
  areaSquareMetres!: number | null;

  @ApiProperty({ example: '2025-03-01T09:00:00+08:00', description: 'when the work was completed; its CST date decides the year' })
  @IsInstant()
  completedAt!: string;
}
