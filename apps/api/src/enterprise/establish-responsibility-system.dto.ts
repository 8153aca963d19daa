import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { IsInstant } from '../conventions/validators.js';

/** Body of `POST /api/v1/enterprises/{uscc}/responsibility-system` (EstablishResponsibilitySystem, 全员安全生产责任制 / 两单两卡). */
export class EstablishResponsibilitySystemDto {
  @ApiProperty({ example: '2024-06-30T17:00:00+08:00', description: 'when the all-staff responsibility system was established' })
  @IsInstant()
  establishedAt!: string;

  @ApiProperty({ example: 42, description: 'posts (岗位) the responsibility lists and cards cover, a positive integer' })
  @IsInt() @Min(1) @Max(1_000_000)
  postsCovered!: number;
}
