// Pixel-by-pixel operations on float arrays.

// 255 where lower <= v <= upper, 0 elsewhere.
__kernel void in_range(__global float* data, const float lower, const float upper, const long n)
{
  const long i = get_global_id(0);
  if (i >= n) return;
  const float v = data[i];
  data[i] = (v >= lower && v <= upper) ? 255.0f : 0.0f;
}

// The same into another buffer: 255 where lower <= src <= upper, 0 elsewhere.
__kernel void in_range_to(__global const float* src, __global float* dst, const float lower, const float upper, const long n)
{
  const long i = get_global_id(0);
  if (i >= n) return;
  const float v = src[i];
  dst[i] = (v >= lower && v <= upper) ? 255.0f : 0.0f;
}
