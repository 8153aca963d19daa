import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Length, Max, Min } from 'class-validator';
import { DRILL_KINDS } from '#domain';
import { IsInstant } from '../conventions/validators.js';

/** Body of `POST /api/v1/drills` (RecordDrill). */
export class RecordDrillDto {
  @ApiProperty({ example: '91500000MA5U7AB121' })
  @IsString() @Length(18, 18)
  enterpriseUscc!: string;

  @ApiProperty({ enum: DRILL_KINDS, description: '疏散逃生演练' })
  @IsIn(DRILL_KINDS)
  kind!: (typeof DRILL_KINDS)[number];

  @ApiProperty({ example: '2025-06-30T15:00:00+08:00', description: 'when the drill was held; its CST date decides the year and half-year it counts in' })
  @IsInstant()
  heldAt!: string;

  @ApiProperty({ example: 120, minimum: 1, maximum: 1_000_000, description: 'people who took part' })
  @IsInt() @Min(1) @Max(1_000_000)
  participants!: number;
}
