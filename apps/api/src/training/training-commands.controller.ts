import { Body, Controller, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiCommandResponses } from '../conventions/api-responses.js';
import { Ctx, type CommandContext } from '../conventions/command-context.js';
import { commandAccepted, type CommandAccepted } from '../conventions/command-response.js';
import { CommandResponseInterceptor } from '../conventions/idempotency.interceptor.js';
import { IssueCertificateDto, RecordTrainingDto, RevokeCertificateDto } from './training.dto.js';
import { IssueCertificateCommand, RecordTrainingCommand, RevokeCertificateCommand } from './training.commands.js';
import { Access } from '#auth';

/** `POST /api/v1/trainings` (培训) and `POST /api/v1/certificates…` (特种作业操作证). */
@ApiTags('training')
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a UUID: a retry returns the first response' })
@ApiHeader({ name: 'If-Match', required: false, description: 'the revision read of the stream training-{orgKey}-{yyyy}, e.g. "3"' })
@Controller('api/v1')
@ApiCommandResponses()
@UseInterceptors(CommandResponseInterceptor)
export class TrainingCommandsController {
  constructor(private readonly commandBus: CommandBus) {}

  /**
   * RecordTraining; 201 `{ streamId, streamRevision, position, trainingId }`.
   * Refusals (422): unknown_district, unknown_sector, enterprise_required, enterprise_not_found,
   * enterprise_closed, enterprise_district_mismatch, enterprise_sector_mismatch, training_exists,
   * invalid_time, occurred_in_future; 403 forbidden; a name as personRef is 400.
   */
  @Access({ roles: ['enterprise', 'inspector', 'district_supervisor', 'city_admin'], scope: 'decider' })
  @Post('trainings')
  @HttpCode(201)
  @ApiOperation({
    summary: 'RecordTraining (培训)',
    description:
      'Records a training on training-{orgKey}-{yyyy} (orgKey: the enterprise USCC when given, else the district code; yyyy: the CST year of completedAt). ' +
      'principal, other_leader, worker and special_operations trainings name the enterprise (422 enterprise_required), which must be registered and open ' +
      '(422 enterprise_not_found, enterprise_closed); the training then counts under its district and sector (a different districtCode or sector is ' +
      '422 enterprise_district_mismatch / enterprise_sector_mismatch). party_government_leader and enforcement_officer trainings need no enterprise. ' +
      'personRef is a pseudonymous id (8–64 of [A-Za-z0-9_-]); anything like a name is 400. Answers 201 { streamId, streamRevision, position, trainingId }.',
  })
  async record(@Body() body: RecordTrainingDto, @Ctx() context: CommandContext): Promise<CommandAccepted> {
    const { trainingId, result } = await this.commandBus.execute(new RecordTrainingCommand(body, context));
    return commandAccepted(result, { trainingId });
  }

  /** IssueCertificate; 201 `{ streamId, streamRevision, position, certificateId }`. */
  @Access({ roles: ['enterprise', 'inspector', 'district_supervisor', 'city_admin'], scope: 'decider' })
  @Post('certificates')
  @HttpCode(201)
  @ApiOperation({
    summary: 'IssueCertificate (特种作业操作证)',
    description:
      'Issues a special-operations certificate to a person of an open, registered enterprise, on training-{uscc}-{yyyy} (yyyy: the CST year of issuedAt). ' +
      'validUntil (last valid CST date) defaults to six years from the CST issue date; before the issue date it is 422 validity_before_issue. ' +
      'The certificateId returned ({uscc}-{yyyy}-{uuid}) is the one to revoke. Answers 201 { streamId, streamRevision, position, certificateId }.',
  })
  async issue(@Body() body: IssueCertificateDto, @Ctx() context: CommandContext): Promise<CommandAccepted> {
    const { certificateId, result } = await this.commandBus.execute(new IssueCertificateCommand(body, context));
    return commandAccepted(result, { certificateId });
  }

  /** RevokeCertificate; 404 for an unknown certificate, 422 certificate_revoked when revoked already. */
  @Access({ roles: ['enterprise', 'inspector', 'district_supervisor', 'city_admin'], scope: 'decider' })
  @Post('certificates/:id/revocation')
  @HttpCode(201)
  @ApiOperation({
    summary: 'RevokeCertificate',
    description:
      'Revokes a certificate from revokedAt on (it no longer counts as valid from that CST date). Unknown id: 404; revoked already: 422 certificate_revoked; ' +
      'revokedAt before the issue: 422 chronology.',
  })
  async revoke(@Param('id') id: string, @Body() body: RevokeCertificateDto, @Ctx() context: CommandContext): Promise<CommandAccepted> {
    return commandAccepted(await this.commandBus.execute(new RevokeCertificateCommand(id, body, context)), { certificateId: id });
  }
}
