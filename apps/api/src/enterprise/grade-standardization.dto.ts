import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt } from 'class-validator';
import { IsInstant } from '../conventions/validators.js';

/** Body of `POST /api/v1/enterprises/{uscc}/standardization` (GradeStandardization, 安全生产标准化定级). */
export class GradeStandardizationDto {
  @ApiProperty({ enum: [1, 2, 3], example: 2, description: '标准化等级: 1 (一级, highest), 2 or 3' })
  @IsInt() @IsIn([1, 2, 3])
  level!: 1 | 2 | 3;

  @ApiProperty({ example: '2025-03-01T10:00:00+08:00', description: 'when the grade was awarded; valid three years from its CST date' })
  @IsInstant()
  gradedAt!: string;
}
