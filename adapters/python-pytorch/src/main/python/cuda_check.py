"""Checks the python-pytorch worker's CUDA path on a machine that has a CUDA PyTorch and no JVM.

Runs the worker's own Network (the code the adapter runs) on the same synthetic mnist-cnn batch with
the same initial weights on cuda and on cpu: two Adam steps, then compares the second step's losses
(tolerance 1e-3, as the contract's GPU check: cuDNN sums in another order than the CPU).

    python3 cuda_check.py                # cuda vs cpu
    python3 cuda_check.py --cpu-vs-cpu   # the same comparison on two CPU networks (checks the script)

Exit codes: 0 the losses agree; 1 they differ by more than the tolerance; 2 this torch sees no CUDA
GPU (nothing was compared); 3 the worker code failed.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402

import cnnbench_worker as worker  # noqa: E402

TOLERANCE = 1e-3
# mnist-cnn exactly as the Java adapter encodes it (PythonNetwork.encode)
MNIST_CNN = ("in=1,28,28 loss=categorical_crossentropy opt=adam:0.001:0.9:0.999:1.0E-7 seed=42"
             " L=conv:32:3:3:1:0:0:0:0:relu L=pool:2:2 L=conv:16:2:2:1:0:0:0:0:relu L=pool:2:2 L=flatten"
             " L=dense:128:relu L=dense:64:relu L=dense:10:softmax").split()
BATCH = 64


def initial_weights(net, seed):
    """Glorot-uniform kernels and zero biases in canonical layout, one flat float32 array."""
    rng = np.random.default_rng(seed)
    parts = []
    for _, name, p, transposed in net.slots:
        if name == "bias":
            parts.append(np.zeros(p.numel(), dtype=np.float32))
            continue
        if p.dim() == 4:  # conv [out, in, kh, kw]
            receptive = p.shape[2] * p.shape[3]
            fan_in, fan_out = p.shape[1] * receptive, p.shape[0] * receptive
        else:  # torch dense [out, in]
            fan_in, fan_out = p.shape[1], p.shape[0]
        limit = (6.0 / (fan_in + fan_out)) ** 0.5
        parts.append(rng.uniform(-limit, limit, p.numel()).astype(np.float32))
    return np.concatenate(parts)


def second_step_loss(device, weights, x, y):
    net = worker.Network(worker.Spec(MNIST_CNN), device)
    net.load(weights)
    xs = torch.from_numpy(x).to(device)
    ys = torch.from_numpy(y).to(device)
    first, _, _ = net.train_step(xs, ys)
    second, _, seconds = net.train_step(xs, ys)
    return first, second, seconds


def main(argv):
    cpu_only = "--cpu-vs-cpu" in argv
    print("torch %s (CUDA %s) at %s" % (torch.__version__, torch.version.cuda, sys.executable))
    if not cpu_only and not torch.cuda.is_available():
        print("no CUDA: this torch sees no GPU (a CPU build, no NVIDIA driver, or CUDA_VISIBLE_DEVICES"
              " hides it); nothing compared. Use --cpu-vs-cpu to check the script itself.")
        return 2
    worker.set_threads(1)
    rng = np.random.default_rng(7)
    x = rng.random((BATCH, 1, 28, 28), dtype=np.float32)
    y = rng.integers(0, 10, BATCH).astype(np.int32)
    try:
        probe = worker.Network(worker.Spec(MNIST_CNN), torch.device("cpu"))
        weights = initial_weights(probe, 7)
        other = torch.device("cpu") if cpu_only else torch.device("cuda:0")
        cpu = second_step_loss(torch.device("cpu"), weights, x, y)
        dev = second_step_loss(other, weights, x, y)
    except Exception as e:  # the worker's code itself is broken here
        print("worker code failed: %s: %s" % (type(e).__name__, e))
        return 3
    diff = abs(cpu[1] - dev[1])
    name = "cpu (second network)" if cpu_only else "cuda (%s)" % torch.cuda.get_device_name(0)
    print("second-step loss: cpu %.7f, %s %.7f, |diff| %.3g (tolerance %g); step %.2f ms vs %.2f ms"
          % (cpu[1], name, dev[1], diff, TOLERANCE, cpu[2] * 1e3, dev[2] * 1e3))
    if not diff <= TOLERANCE:
        print("MISMATCH")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
