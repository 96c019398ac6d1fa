// placeholder: implemented next
export {};
