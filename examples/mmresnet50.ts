// The seed document's model: torchvision's resnet50 inside an mmengine-style
// BaseModel, whose `data_preprocessor` child forward() never calls.

import { Module, models, type Tensor } from '../index.js';

/** mmengine's BaseDataPreprocessor: a module with no parameters. */
export class BaseDataPreprocessor extends Module {
  override forward(x: Tensor): Tensor {
    return x;
  }
}

/** mmengine's BaseModel registers a data preprocessor first. */
export class BaseModel extends Module {
  data_preprocessor: BaseDataPreprocessor;
  constructor() {
    super();
    this.data_preprocessor = new BaseDataPreprocessor();
  }
}

export class MMResNet50 extends BaseModel {
  resnet: models.ResNet;
  constructor() {
    super();
    this.resnet = models.resnet50();
  }
  override forward(imgs: Tensor): Tensor {
    return this.resnet.call(imgs);
  }
}

export const inputShape = [3, 224, 224];
export default (): MMResNet50 => new MMResNet50();
