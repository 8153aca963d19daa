import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { REFERENCE_DATA } from '#bootstrap';
import type { ReferenceData } from '#reference-data';
import { Access } from '#auth';

/** `/api/v1/reference/*`: the reference data loaded from seeds/ at start-up. */
@ApiTags('reference')
@Access({ roles: ['enterprise', 'inspector', 'district_supervisor', 'city_admin', 'auditor', 'analyst'], scope: 'none' })
@Controller('api/v1/reference')
export class ReferenceController {
  constructor(@Inject(REFERENCE_DATA) private readonly reference: ReferenceData) {}

  @Get('districts')
  @ApiOperation({ summary: 'The district units of the plan (GB/T 2260 codes and the three functional zones) with validity (validFrom/validTo, CST, inclusive), successor of a retired unit ({ main, also }), and townships / villages counts with countsSource' })
  districts() {
    return { items: this.reference.districts };
  }

  @Get('sectors')
  @ApiOperation({ summary: 'The sectors (行业领域) with high-risk flags and GB/T 4754-2017 links' })
  sectors() {
    return { items: this.reference.sectorList };
  }

  @Get('risk-tags')
  @ApiOperation({ summary: 'Risk tags an enterprise may carry' })
  riskTags() {
    return { items: this.reference.riskTags };
  }

  @Get('criteria')
  @ApiOperation({ summary: 'The major-hazard determination criteria catalogue (判定标准)' })
  criteria() {
    return { items: this.reference.criteria };
  }

  @Get('plan-targets')
  @ApiOperation({ summary: "The plan's numeric targets" })
  targets() {
    return { items: this.reference.planTargets };
  }

  @Get('key-tasks')
  @ApiOperation({ summary: "The annex's 22 key tasks with their items, deadlines and lead units" })
  keyTasks() {
    return { items: this.reference.keyTasks };
  }
}
