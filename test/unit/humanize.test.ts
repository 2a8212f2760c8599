import { strict as assert } from 'node:assert';
import { humanize } from '../../src/charts/humanize';

describe('humanize: field names as axis and legend titles', () => {
  it('turns snake_case and camelCase into a sentence, acronyms upper case', () => {
    assert.equal(humanize('avg_order_value'), 'Avg order value');
    assert.equal(humanize('product_id'), 'Product ID');
    assert.equal(humanize('grossMargin'), 'Gross margin');
  });

  it('titles a metric group-by by its dimension, without repeating the entity', () => {
    assert.equal(humanize('store__store_name'), 'Store name');
    assert.equal(humanize('metric_time__month'), 'Month');
    assert.equal(humanize('customer__customer_type'), 'Customer type');
  });

  it('keeps a name that is only underscores as it is', () => {
    assert.equal(humanize('__'), '__');
  });
});
