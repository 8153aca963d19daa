import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsInstant } from '../conventions/validators.js';

/** Body of `POST /api/v1/enterprises/{uscc}/closure` (CloseEnterprise). */
export class CloseEnterpriseDto {
  @ApiProperty({ example: '2025-03-31T17:00:00+08:00', description: 'when the enterprise closed; from its CST date on it is out of every register figure' })
  @IsInstant()
  closedAt!: string;

  @ApiProperty({ example: '注销', description: 'why (注销, 关闭取缔, 停产 …)' })
  @IsString() @Length(1, 500)
  reason!: string;
}
