namespace Yoi.Wit; internal static class Placeholder {}
