import type { ServiceDefinition } from '../../shared/domain/services.ts';

/**
 * The demo service catalog seeded by `npm start`: what residents of the demo network can order,
 * spread over the four levels as the centers divide the work (the doorstep services at the
 * community, civil affairs and social security at the street, project-like services at the
 * district, the cross-region ones at the city). Illustrative: names, limits and guides are
 * plausible, not an official list.
 */
type DemoService = Omit<ServiceDefinition, 'attributes' | 'guide' | 'active'> & {
  readonly attributes: readonly Record<string, unknown>[];
  readonly guide: { bring: string[]; cost: string; duration?: string; notes?: string };
};

export const DEMO_SERVICES: readonly DemoService[] = [
  // community: at the doorstep
  {
    code: 'red-agency',
    name: '红色代办 Red agency (help with paperwork)',
    category: 'help-and-agency',
    handlingLevel: 'community',
    timeLimit: { unit: 'working-days', value: 3 },
    attributes: [
      { type: 'string', code: 'matter', label: '代办事项 What to handle', maxLength: 300 },
      {
        type: 'single',
        code: 'pickup',
        label: '取件方式 How to hand over',
        options: ['上门 at home', '到站 at the center'],
      },
    ],
    guide: {
      bring: ['身份证 ID card', '相关材料 the documents of the matter'],
      cost: '免费 free',
      duration: '3 个工作日',
    },
  },
  {
    code: 'elderly-meal-help',
    name: '老年助餐 Meals for the elderly',
    category: 'elderly-care',
    handlingLevel: 'community',
    timeLimit: { unit: 'hours', value: 24 },
    attributes: [
      { type: 'number', code: 'age', label: '年龄 Age', min: 60, max: 120 },
      {
        type: 'multiple',
        code: 'meals',
        label: '餐次 Meals',
        options: ['早餐 breakfast', '午餐 lunch', '晚餐 dinner'],
      },
      { type: 'date', code: 'startDate', label: '开始日期 From' },
      { type: 'string', code: 'diet', label: '饮食禁忌 Dietary needs', required: false, maxLength: 200 },
    ],
    guide: {
      bring: ['身份证 ID card'],
      cost: '按社区助餐点价格 at the canteen price',
      duration: '24 小时内答复',
    },
  },
  {
    code: 'community-legal-consultation',
    name: '社区法律咨询 Legal consultation with the community lawyer',
    category: 'legal-consultation',
    handlingLevel: 'community',
    timeLimit: { unit: 'working-days', value: 2 },
    attributes: [
      {
        type: 'single',
        code: 'topic',
        label: '咨询类别 Topic',
        options: ['婚姻家庭 family', '劳动 labour', '物业 property management', '其他 other'],
      },
      { type: 'string', code: 'question', label: '问题 Question', maxLength: 1000 },
    ],
    guide: {
      bring: ['相关合同或材料 contracts or papers, if any'],
      cost: '免费 free',
      duration: '约 30 分钟 about 30 minutes',
    },
  },
  {
    code: 'family-doctor-signup',
    name: '家庭医生签约 Sign up with a family doctor',
    category: 'medical',
    handlingLevel: 'community',
    timeLimit: { unit: 'working-days', value: 5 },
    attributes: [
      { type: 'string', code: 'name', label: '姓名 Name', maxLength: 50 },
      { type: 'number', code: 'householdSize', label: '家庭人数 People in the household', min: 1, max: 12 },
    ],
    guide: { bring: ['身份证 ID card', '医保卡 medical insurance card'], cost: '免费 free' },
  },
  // street / town: civil affairs, social security, Party member services
  {
    code: 'minimum-living-allowance',
    name: '最低生活保障申请 Minimum living allowance',
    category: 'civil-affairs',
    handlingLevel: 'street',
    timeLimit: { unit: 'working-days', value: 15 },
    attributes: [
      { type: 'number', code: 'householdSize', label: '家庭人数 People in the household', min: 1, max: 12 },
      { type: 'number', code: 'monthlyIncome', label: '家庭月收入（元）Monthly income (yuan)', min: 0 },
      { type: 'string', code: 'situation', label: '家庭情况 Situation', maxLength: 1000 },
    ],
    guide: {
      bring: ['户口簿 household register', '身份证 ID cards of the household', '收入证明 proof of income'],
      cost: '免费 free',
      duration: '审核约 15 个工作日',
    },
  },
  {
    code: 'social-security-card',
    name: '社保卡补换 Replace a social security card',
    category: 'social-security',
    handlingLevel: 'street',
    timeLimit: { unit: 'working-days', value: 10 },
    attributes: [
      {
        type: 'single',
        code: 'reason',
        label: '原因 Reason',
        options: ['遗失 lost', '损坏 damaged', '信息变更 details changed'],
      },
      { type: 'string', code: 'cardHolder', label: '持卡人 Card holder', maxLength: 50 },
    ],
    guide: {
      bring: ['身份证 ID card', '近期照片 a recent photo'],
      cost: '免费 free',
      duration: '约 10 个工作日',
    },
  },
  {
    code: 'employment-registration',
    name: '就业失业登记 Employment and unemployment registration',
    category: 'employment',
    handlingLevel: 'street',
    timeLimit: { unit: 'working-days', value: 5 },
    attributes: [
      {
        type: 'single',
        code: 'kind',
        label: '登记类型 Registration',
        options: ['就业 employment', '失业 unemployment'],
      },
      { type: 'date', code: 'since', label: '起始日期 Since' },
    ],
    guide: { bring: ['身份证 ID card', '劳动合同或解除证明 contract or its termination'], cost: '免费 free' },
  },
  {
    code: 'party-dues-and-records',
    name: '党费缴纳与党员档案 Party dues and member records',
    category: 'party-affairs',
    handlingLevel: 'street',
    timeLimit: { unit: 'working-days', value: 5 },
    attributes: [
      { type: 'string', code: 'branch', label: '所在党支部 Party branch', maxLength: 100 },
      {
        type: 'single',
        code: 'matter',
        label: '事项 Matter',
        options: ['党费 dues', '档案查询 records', '党员证明 certificate'],
      },
    ],
    guide: { bring: ['身份证 ID card'], cost: '免费 free' },
  },
  {
    code: 'complaint-and-suggestion',
    name: '咨询投诉 Consultations and complaints',
    category: 'consultation-and-complaints',
    handlingLevel: 'street',
    timeLimit: { unit: 'working-days', value: 5 },
    attributes: [
      {
        type: 'single',
        code: 'kind',
        label: '类型 Kind',
        options: ['咨询 question', '投诉 complaint', '建议 suggestion'],
      },
      { type: 'string', code: 'content', label: '内容 Content', maxLength: 2000 },
    ],
    guide: { bring: [], cost: '免费 free', duration: '5 个工作日内答复' },
  },
  // district: projects of the district organs
  {
    code: 'org-relationship-transfer',
    name: '党组织关系转接（区内）Transfer of Party organisation relationship within the city',
    category: 'organisation-relationship-transfer',
    handlingLevel: 'district',
    timeLimit: { unit: 'working-days', value: 5 },
    attributes: [
      { type: 'string', code: 'fromOrganisation', label: '转出党组织 From', maxLength: 200 },
      { type: 'string', code: 'toOrganisation', label: '转入党组织 To', maxLength: 200 },
      { type: 'date', code: 'joinedOn', label: '入党日期 Joined on' },
    ],
    guide: {
      bring: ['党员身份证明 Party membership proof', '介绍信 letter of introduction'],
      cost: '免费 free',
    },
  },
  {
    code: 'legal-aid-application',
    name: '法律援助申请 Legal aid',
    category: 'legal-consultation',
    handlingLevel: 'district',
    timeLimit: { unit: 'working-days', value: 7 },
    attributes: [
      {
        type: 'single',
        code: 'caseType',
        label: '案件类型 Case',
        options: ['民事 civil', '刑事 criminal', '行政 administrative'],
      },
      { type: 'string', code: 'summary', label: '案情简述 Summary', maxLength: 2000 },
      { type: 'number', code: 'monthlyIncome', label: '月收入（元）Monthly income (yuan)', min: 0 },
    ],
    guide: {
      bring: ['身份证 ID card', '经济困难证明 proof of hardship', '案件材料 case papers'],
      cost: '免费 free',
    },
  },
  {
    code: 'elderly-care-assessment',
    name: '长护险评估 Long-term care needs assessment',
    category: 'elderly-care',
    handlingLevel: 'district',
    timeLimit: { unit: 'working-days', value: 10 },
    attributes: [
      { type: 'number', code: 'age', label: '年龄 Age', min: 60, max: 120 },
      {
        type: 'single',
        code: 'mobility',
        label: '行动能力 Mobility',
        options: ['自理 independent', '半失能 partly dependent', '失能 dependent'],
      },
    ],
    guide: {
      bring: ['身份证 ID card', '医保卡 medical insurance card', '病历 medical records'],
      cost: '免费 free',
    },
  },
  // city: across districts and provinces
  {
    code: 'cross-province-org-transfer',
    name: '跨省党组织关系转接 Transfer of Party organisation relationship across provinces',
    category: 'organisation-relationship-transfer',
    handlingLevel: 'city',
    timeLimit: { unit: 'working-days', value: 10 },
    attributes: [
      { type: 'string', code: 'fromProvince', label: '转出省份 From province', maxLength: 50 },
      { type: 'string', code: 'fromOrganisation', label: '转出党组织 From', maxLength: 200 },
      { type: 'date', code: 'joinedOn', label: '入党日期 Joined on' },
    ],
    guide: {
      bring: ['党员身份证明 Party membership proof', '介绍信 letter of introduction'],
      cost: '免费 free',
      duration: '约 10 个工作日',
    },
  },
  {
    code: 'talent-apartment-application',
    name: '人才公寓申请 Talent apartment',
    category: 'employment',
    handlingLevel: 'city',
    timeLimit: { unit: 'working-days', value: 15 },
    attributes: [
      {
        type: 'single',
        code: 'degree',
        label: '学历 Degree',
        options: ['本科 bachelor', '硕士 master', '博士 doctorate'],
      },
      { type: 'string', code: 'employer', label: '工作单位 Employer', maxLength: 200 },
      { type: 'date', code: 'moveIn', label: '期望入住 Move-in date', required: false },
    ],
    guide: {
      bring: ['学历证书 degree certificate', '劳动合同 employment contract'],
      cost: '按租约 per the lease',
    },
  },
];
